using System.Net;
using Platform.Tests.Infrastructure;

namespace Platform.Tests.Comments;

/// A comment limit set to 0 is off (a load test raises the limits so): the other still counts.
public sealed class CommentLimitTests(CommentLimitTests.Factory factory) : IClassFixture<CommentLimitTests.Factory>
{
    public sealed class Factory : CommentsFactory
    {
        protected override IEnumerable<(string Key, string Value)> Settings() =>
        [
            .. base.Settings(),
            ("Comments:PerMinute", "0"),
            ("Comments:PerHour", "7"),
        ];
    }

    [Fact]
    public async Task With_the_minute_limit_off_the_hour_limit_alone_refuses_and_says_so()
    {
        var (client, _) = await factory.LearnerAsync("limit-hour-only");
        using var _c = client;
        // More than the default five a minute.
        for (var i = 1; i <= 7; i++)
        {
            await CommentsFactory.CommentAsync(client, $"댓글 {i}");
        }

        var eighth = await CommentsFactory.PostAsync(client, "여덟 번째 댓글");

        Assert.Equal(HttpStatusCode.TooManyRequests, eighth.StatusCode);
        var problem = (await eighth.ParseAsync()).QuerySelector(".comment-problem")!.TextContent;
        Assert.Contains("1시간에 7개까지", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("1분에", problem, StringComparison.Ordinal);
    }
}
