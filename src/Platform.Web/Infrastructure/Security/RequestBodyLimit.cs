using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Platform.Web.Infrastructure.Localization;

namespace Platform.Web.Infrastructure.Security;

/// Every request body has a ceiling before anything reads it: <see cref="Default"/> unless the
/// endpoint names its own with [BodyLimit] (a form sized to its fields: <see cref="PerFormCharacter"/>;
/// the JSON API: <see cref="Json"/>). A declared length over the ceiling is a 413 at once; a body
/// sent without a length is cut off at the ceiling with a 413 too.
public sealed class RequestBodyLimit(RequestDelegate next)
{
    /// The small forms (sign-in, settings, buttons): a few fields of a few hundred characters.
    public const long Default = 16 * 1024;

    public const long Json = 64 * 1024;

    /// In the request's language (request localization runs before the limit).
    public static string Message => Localized.Text<SharedText>("Refusal.TooLarge");

    /// A form sized to its text fields: a Korean character is three UTF-8 bytes, each
    /// percent-encoded to three, plus <see cref="FormOverhead"/> for the token and small fields.
    public const long PerFormCharacter = 9;

    public const long FormOverhead = 4096;

    public async Task InvokeAsync(HttpContext context)
    {
        if (RequestRefusal.IsReExecution(context))
        {
            await next(context);
            return;
        }
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? Default;
        if (context.Request.ContentLength > limit)
        {
            await RequestRefusal.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, Message);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        context.Request.Body = new CappedStream(context.Request.Body, limit);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await RequestRefusal.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, Message);
        }
    }

    /// Stops reading at the ceiling where the server does not (bodies without Content-Length in the test host).
    private sealed class CappedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                throw new BadHttpRequestException(Message, StatusCodes.Status413PayloadTooLarge);
            }
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// An endpoint's body ceiling (see <see cref="RequestBodyLimit"/>). Routing applies it before
/// anything reads the body. Unlike MVC's [RequestSizeLimit], it adds no filter that would try to
/// set the limit again once the form has been read, and log a warning on every post.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class BodyLimitAttribute(long bytes) : Attribute, IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => bytes;
}
