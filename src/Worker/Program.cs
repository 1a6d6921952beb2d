using KafkaRooms.Rooms;
using KafkaRooms.Worker.Hosting;

// Content root = the dll's folder: appsettings*.json are read whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// ASPNETCORE_URLS, --urls or "urls" in configuration win over the default.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls(WorkerHostingExtensions.DefaultUrl);
}

builder.AddRoomState();
builder.AddRoomEventWorker();

var app = builder.Build();
app.MapWorkerEndpoints();
app.Run();
