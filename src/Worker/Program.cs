using KafkaRooms.Worker.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWorker();

var app = builder.Build();
app.MapWorker();
app.Run();
