using KafkaRooms.Worker.Hosting;

// Content root = the dll's folder: appsettings*.json are read whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddWorker();

var app = builder.Build();
app.MapWorker();
app.Run();
