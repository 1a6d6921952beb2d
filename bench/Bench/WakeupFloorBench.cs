using System.Runtime.InteropServices;

namespace KafkaRooms.Bench;

/// <summary>
/// (0) What this machine charges for a wakeup, whatever the program: the CPU time of a thread
/// woken from a short sleep, and of a one-byte round trip between two threads over a Unix
/// socket pair (each side blocks in read(2) until the other writes). A trickle's cost is mostly
/// such wakeups (a fetch answer, the batch window, Redis's reply), so the paced rows (7) and
/// Ingest's hand-offs (4) are read against these figures, measured in the same run.
/// </summary>
internal static partial class WakeupFloorBench
{
    /// <param name="WokenMicros">CPU of a thread woken by another thread's write, per wakeup (its read and write back included).</param>
    public sealed record Result(double SleepWakeMicros, double SleepWallMicros, double WokenMicros, double SyscallMicros);

    public static Result Run(int wakeups = 2_000)
    {
        var syscall = OnOwnThread(() =>
        {
            var start = ThreadCpuMicros();
            for (var i = 0; i < 200_000; i++)
            {
                _ = getppid();
            }

            return (ThreadCpuMicros() - start) / 200_000;
        });

        var (sleepCpu, sleepWall) = OnOwnThread(() =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var start = ThreadCpuMicros();
            for (var i = 0; i < wakeups; i++)
            {
                _ = usleep(2_000);
            }

            return ((ThreadCpuMicros() - start) / wakeups, clock.Elapsed.TotalMicroseconds / wakeups);
        });

        return new Result(sleepCpu, sleepWall, WokenByAnotherThread(wakeups), syscall);
    }

    /// <summary>
    /// CPU per round of a thread blocked in read(2) until another thread writes, which then
    /// writes back: one wakeup by another thread and two system calls. The writer pauses 2 ms
    /// between rounds, so each wakeup starts cold, as at a trickle; its own CPU is not counted.
    /// </summary>
    private static double WokenByAnotherThread(int count)
    {
        var pair = new int[2];
        if (socketpair(1 /* AF_UNIX */, 1 /* SOCK_STREAM */, 0, pair) != 0)
        {
            throw new InvalidOperationException($"socketpair failed: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            double echoCpu = 0;
            long rounds = 0;
            var echo = new Thread(() =>
            {
                var start = ThreadCpuMicros();
                var buffer = new byte[1];
                while (read(pair[1], buffer, 1) == 1)
                {
                    _ = write(pair[1], buffer, 1);
                    rounds++;
                }

                echoCpu = ThreadCpuMicros() - start;
            }) { IsBackground = true };
            echo.Start();
            var writer = new Thread(() =>
            {
                var buffer = new byte[1];
                for (var i = 0; i < count; i++)
                {
                    _ = write(pair[0], buffer, 1);
                    _ = read(pair[0], buffer, 1);
                    _ = usleep(2_000);
                }
            });
            writer.Start();
            writer.Join();
            _ = close(pair[0]);
            pair[0] = -1;
            echo.Join();
            return echoCpu / Math.Max(1, rounds);
        }
        finally
        {
            if (pair[0] >= 0)
            {
                _ = close(pair[0]);
            }

            _ = close(pair[1]);
        }
    }

    private static T OnOwnThread<T>(Func<T> work)
    {
        T result = default!;
        var thread = new Thread(() => result = work());
        thread.Start();
        thread.Join();
        return result;
    }

    private static double ThreadCpuMicros()
    {
        _ = clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var time);
        return time.Seconds * 1e6 + time.Nanoseconds / 1e3;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int socketpair(int domain, int type, int protocol, [Out] int[] fds);

    [LibraryImport("libc")]
    private static partial nint read(int fd, [Out] byte[] buffer, nint count);

    [LibraryImport("libc")]
    private static partial nint write(int fd, byte[] buffer, nint count);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [LibraryImport("libc")]
    private static partial int usleep(uint microseconds);

    [LibraryImport("libc")]
    private static partial int getppid();

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, out TimeSpec time);
}
