using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Platform.Tests.Infrastructure;

/// Reading pages and submitting their forms the way a browser does, antiforgery token included.
public static class Pages
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}\n{html}");
        return await Parser.ParseDocumentAsync(html);
    }

    public static Task<IHtmlDocument> ParseAsync(this HttpResponseMessage response) =>
        response.Content.ReadAsStringAsync().ContinueWith(t => Parser.ParseDocument(t.Result), TaskScheduler.Default);

    /// Fills the form matched by <paramref name="formSelector"/> on the page at <paramref name="url"/> with
    /// <paramref name="fields"/> (over the form's own values, hidden token included) and submits it.
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, string url, string formSelector, IDictionary<string, string> fields)
    {
        using var request = await client.FormRequestAsync(url, formSelector, fields);
        return await client.SendAsync(request);
    }

    /// The request <see cref="SubmitFormAsync"/> sends, not yet sent.
    public static async Task<HttpRequestMessage> FormRequestAsync(
        this HttpClient client, string url, string formSelector, IDictionary<string, string> fields)
    {
        var document = await client.GetDocumentAsync(url);
        var form = document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {url}.");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>())
        {
            if (string.IsNullOrEmpty(input.Name) || fields.ContainsKey(input.Name))
            {
                continue;
            }
            if (input.Type is "checkbox" or "radio" && !input.IsChecked)
            {
                continue;
            }
            if (input.Type is "submit" or "button")
            {
                continue;
            }
            values.Add(new(input.Name, input.Value));
        }
        values.AddRange(fields);
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? url : form.GetAttribute("action")!;
        return new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(values) };
    }

    /// Presses the button matched by <paramref name="buttonSelector"/> on the page at <paramref name="url"/>
    /// as a browser does: it submits its form (the one its form= names, or the one around it) to its
    /// formaction (or the form's action), with the form's values and its own name and value.
    public static async Task<HttpResponseMessage> PressAsync(this HttpClient client, string url, string buttonSelector)
    {
        var document = await client.GetDocumentAsync(url);
        var button = document.QuerySelector(buttonSelector) as IHtmlButtonElement
            ?? throw new InvalidOperationException($"No button '{buttonSelector}' on {url}.");
        var form = button.Form ?? throw new InvalidOperationException($"The button '{buttonSelector}' on {url} submits no form.");
        var values = form.Elements.OfType<IHtmlInputElement>()
            .Where(input => !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button" or "checkbox" or "radio"))
            .Select(input => new KeyValuePair<string, string>(input.Name!, input.Value))
            .ToList();
        if (!string.IsNullOrEmpty(button.Name))
        {
            values.Add(new(button.Name, button.Value));
        }
        var action = button.GetAttribute("formaction") ?? form.GetAttribute("action") ?? url;
        return await client.PostAsync(string.IsNullOrEmpty(action) ? url : action, new FormUrlEncodedContent(values));
    }

    public static string AntiforgeryToken(this IHtmlDocument document) =>
        document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException("The page has no antiforgery token.");
}
