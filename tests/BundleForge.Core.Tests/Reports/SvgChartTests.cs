using System.Globalization;
using System.Text.RegularExpressions;
using BundleForge.Reports;

namespace BundleForge.Core.Tests.Reports;

public class SvgChartTests
{
    private static double[] Attr(string svg, string element, string attr) =>
        Regex.Matches(svg, $"<{element}[^>]*\\s{attr}=\"([-0-9.]+)\"").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void Line_draws_negative_values_below_the_zero_line_and_marks_the_chosen_point()
    {
        var svg = SvgChart.Line([("list", -2), ("−10%", 5), ("−20%", 3)], "expected profit", highlight: 1, format: "0.00");
        var cy = Attr(svg, "circle", "cy");
        Assert.Equal(3, cy.Length);
        // SVG y grows downwards: the negative point is lowest, the best one highest.
        Assert.True(cy[0] > cy[2] && cy[2] > cy[1]);
        var zeroLine = Attr(svg, "line", "y1")[0];
        Assert.True(cy[0] > zeroLine && cy[1] < zeroLine, "zero line between the negative and positive points");
        Assert.Single(Regex.Matches(svg, "class=\"chosen\""));
        Assert.Contains("−10%: 5.00", svg);
    }

    [Fact]
    public void Bars_grow_down_from_zero_for_negative_values()
    {
        var svg = SvgChart.Bars([("engine", 10), ("fixed discount", -5)], "profit", 0, "0.00");
        var y = Attr(svg, "rect", "y");
        var h = Attr(svg, "rect", "height");
        Assert.Equal(2, y.Length);
        Assert.True(h.All(v => v > 0));
        // The positive bar ends where the negative bar starts: the zero line (coordinates are written to 0.1).
        Assert.True(Math.Abs(y[0] + h[0] - y[1]) <= 0.2, $"{y[0]} + {h[0]} vs {y[1]}");
        Assert.True(Math.Abs(2 * h[1] - h[0]) <= 0.3, $"{h[0]} vs 2 × {h[1]}");
    }
}
