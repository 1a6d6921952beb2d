using System.Net.Sockets;
using StackExchange.Redis;

namespace KafkaRooms.Rooms.Redis;

/// <summary>
/// One primary's pipelined connection (<see cref="PipelinedScriptCalls"/>): the caller writes
/// calls, a thread of the connection's own reads their answers in order and hands each to its
/// batch. The thread sleeps while nothing is outstanding; after <see cref="IdleClose"/> with
/// nothing sent it closes the connection and ends, and the next batch opens a new one.
/// </summary>
internal sealed class PipelinedScriptConnection : IDisposable
{
    /// <summary>How long an unused connection and its thread are kept.</summary>
    public static readonly TimeSpan IdleClose = TimeSpan.FromMinutes(1);

    private readonly InlineScriptConnection _connection;
    private readonly Action _broke;
    private readonly Queue<(BatchAnswers Batch, int Call)> _outstanding = new();

    // A monitor, not a Lock: the reader waits on it for calls to be sent.
    private readonly object _gate = new();
    private bool _closed;

    /// <param name="connection">Connected; written by the caller, read by this connection's thread.</param>
    /// <param name="broke">Called (on the reader thread) when the connection broke or went silent.</param>
    public PipelinedScriptConnection(InlineScriptConnection connection, Action broke)
    {
        _connection = connection;
        _broke = broke;
        new Thread(ReadAnswers) { IsBackground = true, Name = "Redis script answers" }.Start();
    }

    /// <summary>Closed (broken, idle or disposed): the caller opens another.</summary>
    public bool Closed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>Buffers a call; its answer goes to <paramref name="batch"/> as call <paramref name="call"/>.</summary>
    /// <remarks>Registered before it is sent, so its answer always finds it.</remarks>
    public void Add(byte[] sha1Hex, RedisKey[] keys, RedisValue[] args, BatchAnswers batch, int call)
    {
        lock (_gate)
        {
            // Closed since the caller looked (idle, broken): nothing would read the answer.
            ObjectDisposedException.ThrowIf(_closed, this);
            _outstanding.Enqueue((batch, call));
        }

        _connection.AddEvalSha(sha1Hex, keys, args);
    }

    /// <summary>Writes what was added (at most the timeout without progress) and wakes the reader.</summary>
    public void Send()
    {
        _connection.SendWithinTimeout();
        lock (_gate)
        {
            Monitor.Pulse(_gate);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.Pulse(_gate);
        }

        // Ends a read in progress; the reader then fails what is outstanding.
        _connection.Dispose();
    }

    private void ReadAnswers()
    {
        while (NextOutstanding() is { } next)
        {
            try
            {
                var answer = _connection.ReadBulkString();
                Dequeue();
                next.Batch.Answered(next.Call, answer);
            }
            catch (RedisServerException)
            {
                // An error answer (NOSCRIPT, MOVED): the connection stays in step with its answers.
                Dequeue();
                next.Batch.Refused();
            }
            catch (Exception ex) when (ex is IOException or SocketException or TimeoutException or InvalidDataException or ObjectDisposedException
                or FormatException or OverflowException or InvalidOperationException)
            {
                // Broken, silent, closed under the read, or out of step with its answers: this
                // thread must end the connection, never the process.
                if (!Closed)
                {
                    _broke();
                }

                break;
            }
        }

        lock (_gate)
        {
            _closed = true;
            // Whatever is still outstanding will never be answered on this connection.
            while (_outstanding.TryDequeue(out var unanswered))
            {
                unanswered.Batch.Fail();
            }
        }

        _connection.Dispose();
    }

    /// <summary>The oldest call not answered yet, once there is one; null when the connection is to close.</summary>
    private (BatchAnswers Batch, int Call)? NextOutstanding()
    {
        lock (_gate)
        {
            while (_outstanding.Count == 0 && !_closed)
            {
                if (!Monitor.Wait(_gate, IdleClose) && _outstanding.Count == 0)
                {
                    _closed = true;
                }
            }

            return _closed ? null : _outstanding.Peek();
        }
    }

    private void Dequeue()
    {
        lock (_gate)
        {
            _outstanding.Dequeue();
        }
    }
}
