using System.Globalization;
using System.Net;
using System.Text;

namespace BundleForge.Reports;

/// <summary>Small server-rendered SVG charts (line, bar, network) so reports need no script library or CDN and stay
/// readable offline.</summary>
public static class SvgChart
{
    private const int Width = 640, Height = 260, Left = 56, Right = 16, Top = 16, Bottom = 44;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A line chart of (label, value) points, labels shown sparsely on the x axis; <paramref name="highlight"/>
    /// marks one point (e.g. the chosen price on a profit curve). Negative values get a zero line.</summary>
    public static string Line(IReadOnlyList<(string Label, double Value)> points, string yTitle, string? ariaLabel = null, int highlight = -1, string format = "N0")
    {
        var sb = Open(ariaLabel ?? yTitle);
        if (points.Count == 0)
            return Close(sb.Append(Empty()));
        var (min, max) = Range(points);
        Axes(sb, min, max, yTitle, format);
        double step = points.Count > 1 ? (Width - Left - Right) / (double)(points.Count - 1) : 0;
        sb.Append("<polyline fill=\"none\" stroke=\"#2563eb\" stroke-width=\"2\" points=\"");
        for (int i = 0; i < points.Count; i++)
            sb.Append(F(Left + i * step)).Append(',').Append(F(Y(points[i].Value, min, max))).Append(' ');
        sb.Append("\"/>");
        int every = Math.Max(1, (int)Math.Ceiling(points.Count / 5.0));
        for (int i = 0; i < points.Count; i += every)
        {
            // The rightmost label ends at its point so it is not cut at the chart's edge.
            var anchor = points.Count > 1 && i == points.Count - 1 ? "end" : "middle";
            sb.Append($"<text x=\"{F(Left + i * step)}\" y=\"{Height - Bottom + 16}\" font-size=\"11\" text-anchor=\"{anchor}\" fill=\"#555\">{E(points[i].Label)}</text>");
        }
        for (int i = 0; i < points.Count; i++)
        {
            bool marked = i == highlight;
            sb.Append($"<circle cx=\"{F(Left + i * step)}\" cy=\"{F(Y(points[i].Value, min, max))}\" r=\"{(marked ? 6 : 2.5).ToString(Inv)}\" fill=\"{(marked ? "#16a34a" : "#2563eb")}\"{(marked ? " class=\"chosen\"" : "")}><title>{E(points[i].Label)}: {points[i].Value.ToString(format, Inv)}</title></circle>");
        }
        return Close(sb);
    }

    /// <summary>A vertical bar chart; <paramref name="highlight"/> colours one bar differently (e.g. the model among baselines).</summary>
    public static string Bars(IReadOnlyList<(string Label, double Value)> bars, string yTitle, int highlight = -1, string format = "N0")
    {
        var sb = Open(yTitle);
        if (bars.Count == 0)
            return Close(sb.Append(Empty()));
        var (min, max) = Range(bars);
        Axes(sb, min, max, yTitle, format);
        double slot = (Width - Left - Right) / (double)bars.Count;
        for (int i = 0; i < bars.Count; i++)
        {
            double x = Left + i * slot + slot * 0.15, w = slot * 0.7, y = Y(Math.Max(0, bars[i].Value), min, max), zero = Y(Math.Min(0, bars[i].Value), min, max);
            var colour = i == highlight ? "#16a34a" : "#2563eb";
            sb.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(w)}\" height=\"{F(zero - y)}\" fill=\"{colour}\" rx=\"2\"><title>{E(bars[i].Label)}: {bars[i].Value.ToString(format, Inv)}</title></rect>");
            sb.Append($"<text x=\"{F(x + w / 2)}\" y=\"{F(y - 4)}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#333\">{bars[i].Value.ToString(format, Inv)}</text>");
            sb.Append($"<text x=\"{F(x + w / 2)}\" y=\"{Height - Bottom + 16}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">{E(Cut(bars[i].Label, 14))}</text>");
        }
        return Close(sb);
    }

    /// <summary>A network of item links on a circle: nodes sized by weight, edges by strength.</summary>
    public static string Network(IReadOnlyList<string> nodes, IReadOnlyList<(int A, int B, double Strength, string Tip)> edges, string ariaLabel)
    {
        const int size = 560, wide = 820;
        var sb = new StringBuilder($"<svg viewBox=\"0 0 {wide} {size}\" role=\"img\" aria-label=\"{E(ariaLabel)}\" style=\"width:100%;max-width:{wide}px;height:auto\">");
        if (nodes.Count == 0)
            return sb.Append(Empty()).Append("</svg>").ToString();
        double cx = wide / 2.0, cy = size / 2.0, r = size / 2.0 - 40;
        var pos = new (double X, double Y)[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            double a = 2 * Math.PI * i / nodes.Count - Math.PI / 2;
            pos[i] = (cx + r * Math.Cos(a), cy + r * Math.Sin(a));
        }
        double maxS = Math.Max(1e-9, edges.Count == 0 ? 1 : edges.Max(e => e.Strength));
        foreach (var (a, b, s, tip) in edges)
            sb.Append($"<line x1=\"{F(pos[a].X)}\" y1=\"{F(pos[a].Y)}\" x2=\"{F(pos[b].X)}\" y2=\"{F(pos[b].Y)}\" stroke=\"#2563eb\" stroke-opacity=\"{F(0.25 + 0.6 * s / maxS)}\" stroke-width=\"{F(1 + 4 * s / maxS)}\"><title>{E(tip)}</title></line>");
        for (int i = 0; i < nodes.Count; i++)
        {
            double a = 2 * Math.PI * i / nodes.Count - Math.PI / 2;
            bool rightSide = Math.Cos(a) >= 0;
            double lx = pos[i].X + (rightSide ? 8 : -8), ly = pos[i].Y + 4;
            sb.Append($"<circle cx=\"{F(pos[i].X)}\" cy=\"{F(pos[i].Y)}\" r=\"5\" fill=\"#f59e0b\"><title>{E(nodes[i])}</title></circle>");
            sb.Append($"<text x=\"{F(lx)}\" y=\"{F(ly)}\" font-size=\"10\" text-anchor=\"{(rightSide ? "start" : "end")}\" fill=\"#333\">{E(Cut(nodes[i], 26))}</text>");
        }
        return sb.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string aria) =>
        new($"<svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{E(aria)}\" style=\"width:100%;max-width:{Width}px;height:auto\">");

    private static string Close(StringBuilder sb) => sb.Append("</svg>").ToString();

    private static string Empty() => $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" fill=\"#888\">no data</text>";

    /// <summary>The value range drawn: always includes zero, never empty.</summary>
    private static (double Min, double Max) Range(IReadOnlyList<(string Label, double Value)> points)
    {
        double min = 0, max = 0;
        foreach (var p in points)
        { min = Math.Min(min, p.Value); max = Math.Max(max, p.Value); }
        if (max - min < 1e-9)
            max = min + 1e-9;
        return (min, max);
    }

    private static void Axes(StringBuilder sb, double min, double max, string yTitle, string format = "N0")
    {
        sb.Append($"<line x1=\"{Left}\" y1=\"{F(Y(0, min, max))}\" x2=\"{Width - Right}\" y2=\"{F(Y(0, min, max))}\" stroke=\"#999\"/>");
        sb.Append($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#999\"/>");
        for (int t = 0; t <= 4; t++)
        {
            double v = min + (max - min) * t / 4, y = Y(v, min, max);
            sb.Append($"<line x1=\"{Left}\" y1=\"{F(y)}\" x2=\"{Width - Right}\" y2=\"{F(y)}\" stroke=\"#eee\"/>");
            sb.Append($"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">{v.ToString(format, Inv)}</text>");
        }
        sb.Append($"<text x=\"12\" y=\"{Top + (Height - Top - Bottom) / 2}\" font-size=\"11\" fill=\"#555\" transform=\"rotate(-90 12 {Top + (Height - Top - Bottom) / 2})\" text-anchor=\"middle\">{E(yTitle)}</text>");
    }

    private static double Y(double v, double min, double max) => Height - Bottom - (Height - Top - Bottom) * ((v - min) / (max - min));
    private static string F(double v) => v.ToString("0.#", Inv);
    private static string E(string s) => WebUtility.HtmlEncode(s);
    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
