namespace Platform.Tests.Infrastructure;

/// A clock that moves only when told: for what expires (kept states and pages).
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
