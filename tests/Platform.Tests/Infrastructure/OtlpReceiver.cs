using System.Collections.Concurrent;
using System.Net;

namespace Platform.Tests.Infrastructure;

/// A small OTLP/HTTP receiver (protobuf) on loopback, in the test process: what an OpenTelemetry
/// collector is to the app. It decodes just enough of the wire format to list the metrics (scope,
/// name, first data point's value) and the spans (trace id, name) that arrived.
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedMetric> _metrics = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _serving;

    private OtlpReceiver(int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<ReceivedMetric> Metrics => _metrics.ToArray();

    public IReadOnlyList<ReceivedSpan> Spans => _spans.ToArray();

    /// On a free loopback port; another one when the port found free is taken before it is bound
    /// (another test run on the machine).
    public static OtlpReceiver Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new(AppProcess.FreePort());
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Linux, Stop then Close releases the port twice, and the second release
        // binds it again for a moment, which fails when another process has taken it meanwhile.
        _listener.Close();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var bytes = body.ToArray();
            switch (context.Request.Url?.AbsolutePath)
            {
                case "/v1/metrics":
                    ReadMetrics(bytes);
                    break;
                case "/v1/traces":
                    ReadSpans(bytes);
                    break;
                default:
                    break;
            }
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    // ExportMetricsServiceRequest.resource_metrics(1) → ResourceMetrics.scope_metrics(2) →
    // ScopeMetrics{scope(1){name(1)}, metrics(2)} → Metric{name(1), gauge(5)|sum(7){data_points(1)}}.
    private void ReadMetrics(byte[] request)
    {
        foreach (var resource in Fields(request, 1))
        {
            foreach (var scopeMetrics in Fields(resource, 2))
            {
                var scope = Fields(scopeMetrics, 1).Select(s => Text(Fields(s, 1).FirstOrDefault())).FirstOrDefault() ?? "";
                foreach (var metric in Fields(scopeMetrics, 2))
                {
                    var name = Text(Fields(metric, 1).FirstOrDefault());
                    var points = Fields(metric, 5).Concat(Fields(metric, 7)).SelectMany(d => Fields(d, 1)).ToList();
                    _metrics.Enqueue(new ReceivedMetric(scope, name, points.Count > 0 ? Value(points[0]) : null));
                }
            }
        }
    }

    // ExportTraceServiceRequest.resource_spans(1) → scope_spans(2) → spans(2){trace_id(1), name(5)}.
    private void ReadSpans(byte[] request)
    {
        foreach (var span in Fields(request, 1).SelectMany(r => Fields(r, 2)).SelectMany(s => Fields(s, 2)))
        {
            _spans.Enqueue(new ReceivedSpan(Convert.ToHexStringLower(Fields(span, 1).First()), Text(Fields(span, 5).FirstOrDefault())));
        }
    }

    // NumberDataPoint: as_double(4, fixed64) or as_int(6, sfixed64).
    private static double? Value(byte[] point)
    {
        foreach (var (field, _, raw) in Read(point))
        {
            if (field == 4)
            {
                return BitConverter.ToDouble(raw);
            }
            if (field == 6)
            {
                return BitConverter.ToInt64(raw);
            }
        }
        return null;
    }

    private static string Text(byte[]? bytes) => bytes is null ? "" : System.Text.Encoding.UTF8.GetString(bytes);

    private static IEnumerable<byte[]> Fields(byte[] message, int number) =>
        Read(message).Where(f => f.Field == number && f.WireType == 2).Select(f => f.Raw);

    /// Protocol Buffers wire format: (field number, wire type, payload) of each field.
    private static List<(int Field, int WireType, byte[] Raw)> Read(byte[] message)
    {
        var fields = new List<(int, int, byte[])>();
        var i = 0;
        while (i < message.Length)
        {
            var key = Varint(message, ref i);
            var (field, wireType) = ((int)(key >> 3), (int)(key & 7));
            switch (wireType)
            {
                case 0:
                    Varint(message, ref i);
                    fields.Add((field, wireType, []));
                    break;
                case 1:
                    fields.Add((field, wireType, message[i..(i + 8)]));
                    i += 8;
                    break;
                case 2:
                    var length = (int)Varint(message, ref i);
                    fields.Add((field, wireType, message[i..(i + length)]));
                    i += length;
                    break;
                case 5:
                    fields.Add((field, wireType, message[i..(i + 4)]));
                    i += 4;
                    break;
                default:
                    throw new InvalidDataException($"Wire type {wireType} is not OTLP.");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] message, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}

public sealed record ReceivedMetric(string Scope, string Name, double? Value);

public sealed record ReceivedSpan(string TraceId, string Name);
