using Platform.Web.Infrastructure.Localization;

namespace Platform.Tests.Localization;

public sealed class LanguagesTests
{
    [Theory]
    [InlineData("ko", "ko")]
    [InlineData("ko-KR", "ko")]
    [InlineData("EN_us", "en")]
    [InlineData("  en-GB ", "en")]
    [InlineData("en", "en")]
    [InlineData("fr-FR", null)]
    [InlineData("e", null)]
    [InlineData("english", null)]
    [InlineData("-en", null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData(null, null)]
    public void A_language_code_is_found_by_its_first_part_in_any_case(string? value, string? expected) =>
        Assert.Equal(expected, Languages.Find(value));
}
