using System.Security.Cryptography;
using System.Text;

namespace BundleForge.Privacy;

/// <summary>Maps a shop's user id to a stable pseudonymous key, HMAC-SHA256 under a secret that never enters an
/// artifact. Every artifact stores only these keys.</summary>
public sealed class Pseudonymizer
{
    /// <summary>The environment variable holding the secret.</summary>
    public const string SecretVariable = "BUNDLEFORGE_PSEUDONYM_KEY";

    private readonly byte[] _key;

    public Pseudonymizer(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < 16)
            throw new DataException("The pseudonymisation secret must be at least 16 bytes.", field: SecretVariable);
        _key = secret.ToArray();
    }

    /// <summary>The secret from <see cref="SecretVariable"/>, or else a per-machine secret kept in the user's
    /// configuration folder (created on first use, readable by its owner only).</summary>
    public static Pseudonymizer FromEnvironment()
    {
        var env = Environment.GetEnvironmentVariable(SecretVariable);
        if (!string.IsNullOrEmpty(env))
            return new Pseudonymizer(Encoding.UTF8.GetBytes(env));
        var dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create), "bundleforge");
        var file = Path.Combine(dir, "pseudonym.key");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(dir);
            var tmp = file + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(tmp, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try
            { File.Move(tmp, file); }
            catch (IOException) { File.Delete(tmp); } // another process won the race
        }
        return new Pseudonymizer(Convert.FromHexString(File.ReadAllText(file).Trim()));
    }

    /// <summary>The pseudonymous key of <paramref name="userId"/>: 32 lowercase hex characters (128 bits of the HMAC).</summary>
    public string Key(string userId)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(userId), mac);
        return Convert.ToHexStringLower(mac[..16]);
    }
}
