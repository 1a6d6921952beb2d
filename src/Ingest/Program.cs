using KafkaRooms.Ingest;

// Content root = the dll's folder: appsettings*.json are read whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddIngest();

var app = builder.Build();
app.MapIngest();
app.Run();
