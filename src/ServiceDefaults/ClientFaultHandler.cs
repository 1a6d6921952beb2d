using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace KafkaRooms.ServiceDefaults;

/// <summary>
/// A request the client got wrong is never a 500: <see cref="BadHttpRequestException"/> (a
/// body over the limit, broken chunked framing, a body that ends early, a parameter minimal
/// APIs could not bind) is answered with its own 4xx status as problem+json naming the fault.
/// Everything else is left to the default handler (500 problem+json, logged).
/// </summary>
internal sealed class ClientFaultHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException fault || fault.StatusCode is < 400 or >= 500)
        {
            return false;
        }

        httpContext.Response.StatusCode = fault.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = fault.StatusCode,
                Title = ReasonPhrases.GetReasonPhrase(fault.StatusCode),
                // Kestrel's and minimal APIs' messages describe the request, never the server.
                Detail = fault.Message,
            },
        }).ConfigureAwait(false);
    }
}
