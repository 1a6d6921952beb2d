using KafkaRooms.ReadApi;

var builder = WebApplication.CreateBuilder(args);
builder.AddReadApi();

var app = builder.Build();
app.MapReadApi();
app.Run();
