namespace Platform.Web.Features.Account;

/// A feature that keeps data about a learner (progress, comments, ...) registers one of these so
/// "download my data" includes it: the result is serialized as JSON under <see cref="Name"/>.
public interface IPersonalDataSource
{
    string Name { get; }

    Task<object?> ReadAsync(string userId, CancellationToken ct);
}
