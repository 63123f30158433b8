using System.Net;
using System.Net.Sockets;

namespace Dify.HA.Data.Tests.Postgres;

/// <summary>
/// A loopback TCP forwarder in front of one lab node, so a test can make that node "die" without touching the lab's
/// processes: <see cref="Kill"/> resets every forwarded connection and stops accepting — new connections then complete
/// the TCP handshake (the kernel's backlog) but never get an answer, like a host that hangs, which only a connect
/// timeout ends. <see cref="Revive"/> forwards again.
/// </summary>
internal sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _acceptLoop;
    private volatile bool _dead;
    private TaskCompletionSource _alive = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TcpFaultProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(backlog: 512);
        _alive.SetResult();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Kill()
    {
        lock (_open)
        {
            _dead = true;
            _alive = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0); // RST, like a crashed host's kernel answering
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public void Revive()
    {
        lock (_open)
        {
            _dead = false;
            _alive.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Revive();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        Kill();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Task alive;
            lock (_open) alive = _alive.Task;
            await alive.WaitAsync(_stop.Token); // while dead, leave new connections in the backlog, unanswered

            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            lock (_open)
            {
                if (_dead)
                {
                    client.Dispose();
                    upstream.Dispose();
                    return;
                }

                _open.Add(client);
                _open.Add(upstream);
            }

            await upstream.ConnectAsync(_target, _stop.Token);
            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(upstream);
            }

            client.Dispose();
            upstream.Dispose();
        }
    }
}
