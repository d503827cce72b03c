namespace Platform.Web.Features.Account;

/// A feature that keeps data about a learner (progress, comments, ...) registers one of these so
/// "download my data" includes it: the result is serialized as JSON under <see cref="Name"/>.
public interface IPersonalDataSource
{
    string Name { get; }

    Task<object?> ReadAsync(string userId, CancellationToken ct);
}

/// A feature that keeps data about a learner removes it when the account is deleted: the
/// deletion calls every registered eraser inside its transaction, with its DbContext.
public interface IPersonalDataEraser
{
    Task EraseAsync(Infrastructure.Data.PlatformDbContext db, string userId, CancellationToken ct);
}
