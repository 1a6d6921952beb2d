using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace KafkaRooms.FakeZego.ServerApi;

/// <summary>
/// ZEGO's server API (DescribeUserList) on loopback, for the reconciliation tests and
/// <c>make demo-lost</c>: it verifies each request's signature with the app's server secret,
/// enforces the rate limits, pages with Marker and answers from <see cref="Rooms"/>; or, while
/// <see cref="Fault"/> is set, answers that fault instead.
/// </summary>
public sealed class FakeZegoServerApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile ServerApiFault _fault;

    private FakeZegoServerApi(WebApplication app, ZegoRoomDirectory rooms, ServerApiRequestLog requests)
    {
        _app = app;
        Rooms = rooms;
        Requests = requests;
        BaseAddress = new Uri(app.Urls.First() + "/");
    }

    /// <summary>Where to point the reconciler (Zego:ServerApi:BaseUrl).</summary>
    public Uri BaseAddress { get; }

    public ZegoRoomDirectory Rooms { get; }

    public ServerApiRequestLog Requests { get; }

    /// <summary>Answered instead of the user list while set; <see cref="ServerApiFault.None"/> answers normally.</summary>
    public ServerApiFault Fault
    {
        get => _fault;
        set => _fault = value;
    }

    /// <param name="serverSecrets">The server secret of each app it answers for.</param>
    /// <param name="limits">Rate limits; <see cref="ServerApiRateLimits.Default"/> when null.</param>
    /// <param name="port">0: a free loopback port.</param>
    public static async Task<FakeZegoServerApi> StartAsync(
        IReadOnlyDictionary<uint, string> serverSecrets, ServerApiRateLimits? limits = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var rooms = new ZegoRoomDirectory();
        var requests = new ServerApiRequestLog();
        FakeZegoServerApi? server = null;
        var handler = new DescribeUserListHandler(
            new Dictionary<uint, string>(serverSecrets), rooms, new ServerApiRateLimiter(limits ?? ServerApiRateLimits.Default), requests,
            () => server!.Fault);
        app.MapGet("/", handler.HandleAsync);
        await app.StartAsync();
        server = new FakeZegoServerApi(app, rooms, requests);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
