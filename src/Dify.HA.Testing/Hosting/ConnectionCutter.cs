using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Dify.HA.Testing.Hosting;

/// <summary>Ends a connection in the middle of a response, for the reset and cut faults.</summary>
internal static class ConnectionCutter
{
    /// <summary>
    /// Shuts the socket's sending side (FIN after the bytes already written), so the caller receives every byte sent so
    /// far and then a connection that ends before the response does: a plain abort sends RST, which may make the peer's
    /// kernel drop bytes it has not read yet, so what arrives would depend on timing.
    /// </summary>
    public static async Task CutAsync(HttpContext http)
    {
        // A flush hands bytes to Kestrel's transport pipe, not to the socket: give the transport a moment on the real
        // clock (this is about the network, not emulated time) to put them on the wire before the FIN.
        await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System).ConfigureAwait(false);
        var socket = http.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is null)
        {
            http.Abort();
            return;
        }

        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            http.Abort();
        }
        catch (ObjectDisposedException)
        {
            // Already closed: nothing left to cut.
        }
    }
}
