using KafkaRooms.Rooms;
using KafkaRooms.Worker.Hosting;

var builder = WebApplication.CreateBuilder(args);
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
