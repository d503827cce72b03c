using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Platform.BrowserTests;

/// axe-core (the copy Deque.AxeCore.Commons bundles), run in the page itself with the WCAG 2.1 A and
/// AA rules. Deque.AxeCore.Playwright's RunAxe does the same checks but sends the 550 KB script to the
/// page twice and opens a second browser context per run to merge its results: about a second a
/// page, against a fifth of that here, over the sixty pages of the tour.
public static class Axe
{
    private static readonly string Source = new BundledAxeScriptProvider().GetScript();

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    // Only violations are asked for in full (resultTypes): passes and the rest come back with one node
    // each, which axe documents as the way to make a run cheaper without changing what it finds.
    private const string Run = """
        async () => {
            const result = await axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                resultTypes: ['violations'],
            });
            return JSON.stringify(result.violations.map(v => ({
                id: v.id, help: v.help, nodes: v.nodes.map(n => ({ target: String(n.target), html: n.html })),
            })));
        }
        """;

    /// The page's violations, each as "rule (help): target html | …" (the first three nodes).
    public static async Task<List<string>> ViolationsAsync(IPage page)
    {
        // axe enters frames only where it was injected too; the site has none, and a page that grows one
        // must not pass unchecked.
        if (page.Frames.Count > 1)
        {
            return [$"the page has {page.Frames.Count - 1} frame(s) the axe run does not enter"];
        }
        // Evaluated rather than added as a script tag: the site's Content-Security-Policy would refuse an inline script.
        await page.EvaluateAsync("() => {\n" + Source + "\n}");
        var violations = JsonSerializer.Deserialize<Violation[]>(await page.EvaluateAsync<string>(Run), Json)!;
        return [.. violations.Select(v =>
            $"axe {v.Id} ({v.Help}): {string.Join(" | ", v.Nodes.Take(3).Select(n => $"{n.Target} {n.Html}"))}")];
    }

    private sealed record Violation(string Id, string Help, Node[] Nodes);

    private sealed record Node(string Target, string Html);
}
