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

/// The culture cookie read from the raw Cookie header, as ASP.NET Core's own parser reads it.
public sealed class CultureCookieTests
{
    [Theory]
    [InlineData(".AspNetCore.Culture=c%3Den%7Cuic%3Den", "c=en|uic=en")]
    [InlineData("theme=dark; .AspNetCore.Culture=c=en|uic=en; other=1", "c=en|uic=en")]
    [InlineData("theme=dark,.AspNetCore.Culture=c%3Dko%7Cuic%3Dko", "c=ko|uic=ko")]
    [InlineData("  .AspNetCore.Culture=\"c%3Den%7Cuic%3Den\"  ;x=1", "c=en|uic=en")]
    [InlineData(".AspNetCore.CultureX=c%3Den; x.AspNetCore.Culture=c%3Den", null)]
    [InlineData("theme=.AspNetCore.Culture=c%3Den", null)]
    [InlineData(".AspNetCore.Culture=", null)]
    [InlineData(".AspNetCore.Culture", null)]
    [InlineData("", null)]
    public void The_cookie_is_found_by_its_exact_name_between_separators_and_decoded(string header, string? expected) =>
        Assert.Equal(expected, CultureCookie.Find(header, CultureCookie.Name));

    [Fact]
    public void Every_line_of_the_header_is_read()
    {
        Assert.Equal("c=en|uic=en", CultureCookie.Find(new(["a=1", ".AspNetCore.Culture=c%3Den%7Cuic%3Den"]), CultureCookie.Name));
        Assert.Null(CultureCookie.Find(default, CultureCookie.Name));
    }
}
