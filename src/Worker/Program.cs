using KafkaRooms.Rooms;
using KafkaRooms.Worker.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRoomState();
builder.AddRoomEventWorker();

var app = builder.Build();
app.MapWorkerEndpoints();
app.Run();
