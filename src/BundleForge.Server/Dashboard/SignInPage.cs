using System.Text;
using BundleForge.Reports;
using static BundleForge.Reports.ReportLayout;

namespace BundleForge.Server.Dashboard;

/// <summary>The dashboard's sign-in form and the pages that refuse a request (signed out, customer pages off, too many
/// look-ups). None of them shows anything from the model.</summary>
internal static class SignInPage
{
    /// <summary>The sign-in form, sending the visitor back to <paramref name="returnTo"/> once signed in.</summary>
    public static IResult Form(string? returnTo, string? message, int status = StatusCodes.Status200OK) => Page("Sign in", status, sb =>
    {
        sb.Append("<section id=\"sign-in\"><h2>Sign in to the dashboard</h2>");
        if (message is not null)
            sb.Append("<p class=\"note\" id=\"sign-in-message\">").Append(E(message)).Append("</p>");
        sb.Append("<form action=\"/login\" method=\"post\">");
        sb.Append("<input type=\"hidden\" name=\"return\" value=\"").Append(E(LocalPath(returnTo))).Append("\">");
        sb.Append("<label for=\"dashboard-key\">Dashboard key</label><br>");
        sb.Append("<input type=\"password\" id=\"dashboard-key\" name=\"key\" autocomplete=\"current-password\" required ")
          .Append("style=\"width:100%;max-width:420px;padding:6px 10px;margin:8px 0;border:1px solid #cbd5e1;border-radius:6px;box-sizing:border-box\"><br>");
        sb.Append("<button type=\"submit\">Sign in</button></form></section>");
    });

    /// <summary>A refusal with what to do about it.</summary>
    public static IResult Refused(int status, string title, string message) => Page(title, status, sb =>
        sb.Append("<section id=\"refused\"><h2>").Append(E(title)).Append("</h2><p>").Append(E(message)).Append("</p></section>"));

    /// <summary><paramref name="path"/> when it is a path on this server, else "/": a sign-in never sends anyone elsewhere.</summary>
    public static string LocalPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 2048 || path[0] != '/')
            return "/";
        if (path.Length > 1 && (path[1] == '/' || path[1] == '\\'))
            return "/";
        foreach (var c in path)
            if (char.IsControl(c) || c == '\\')
                return "/";
        return path;
    }

    private static IResult Page(string title, int status, Action<StringBuilder> body)
    {
        var sb = new StringBuilder(4 * 1024);
        ReportLayout.Open(sb, title, "BundleForge dashboard", [("/", "Overview"), ("/users", "Customers")], null);
        body(sb);
        ReportLayout.Close(sb, "Made by BundleForge.");
        return Results.Content(sb.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
