using Contracts.Testing;
using CsCheck;

namespace Contracts.RateLimiting.Redis.Tests;

/// <summary>Addresses nobody here wrote: generated passwords, users, ports and broken forms.</summary>
public sealed class RedisAddressTests
{
    // At least 8 characters: a shorter "secret" is found in any text by chance (a quote, a letter).
    private static readonly Gen<string> Secret = Gen.String[Gen.Char['!', '~'], 8, 40];

    [Fact]
    public void AnyPasswordInAUrl_IsReadBackExactly_AndNeverShownInTheEndpoint()
    {
        Sampling.Check(
            Gen.Select(Secret, Gen.String[Gen.Char['a', 'z'], 0, 8], Gen.Int[1, 65535], Gen.Int[0, 15]),
            input =>
            {
                var (password, user, port, database) = input;
                string text = $"redis://{user}:{Uri.EscapeDataString(password)}@127.0.0.1:{port}/{database}";

                var address = RedisAddress.Parse(text);

                Assert.Equal(password, address.Options.Password);
                Assert.Equal(user.Length == 0 ? null : user, address.Options.User);
                Assert.Equal(database, address.Options.DefaultDatabase);
                Assert.Equal($"127.0.0.1:{port}", address.Endpoint);
                Assert.DoesNotContain(password, address.Scrub($"NOAUTH {password} refused"));
                return user.Length == 0 ? "no user" : "a user";
            },
            2_000,
            input => input.ToString())
            .AssertReached("no user", "a user");
    }

    /// <summary>Each broken form, around a generated secret: refused, and the message never repeats the secret.</summary>
    [Theory]
    [InlineData("http://{0}@host:1")]           // not a Redis scheme
    [InlineData("redis://:{0}@")]               // no host
    [InlineData("redis://host:1/not-a-db-{0}")] // a path that is no database number
    [InlineData("{0},,=,password")]             // a password where a server goes, a key without a name
    [InlineData("redis:{0}")]                   // a port that is no number
    [InlineData("rediss://u:{0}@host:99999")]   // a port past 65535
    public void AnUnreadableAddress_IsRefusedWithoutRepeatingIt(string shape)
    {
        Sampling.Check(
            Secret,
            secret =>
            {
                string text = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, Uri.EscapeDataString(secret));

                var error = Assert.ThrowsAny<ArgumentException>(() => RedisAddress.Parse(text));

                Assert.DoesNotContain(Uri.EscapeDataString(secret), error.Message);
                Assert.DoesNotContain(secret, error.Message);
                return "refused";
            },
            300,
            secret => secret);
    }

    /// <summary>
    /// A secret written as one more part of a configuration string: refused when it cannot be a
    /// host name, read as a second server when it can (StackExchange.Redis's own rule); either way
    /// only the first server is ever shown.
    /// </summary>
    [Fact]
    public void AStraySecretAmongTheParts_IsRefusedOrIgnored_NeverShown()
    {
        Sampling.Check(
            Gen.OneOf(Secret, Gen.String[Gen.Char.AlphaNumeric, 8, 20]),
            secret =>
            {
                RedisAddress address;
                try
                {
                    address = RedisAddress.Parse("cache:6379," + secret);
                }
                catch (ArgumentException error)
                {
                    Assert.DoesNotContain(secret, error.Message);
                    return "refused";
                }

                Assert.Equal("cache:6379", address.Endpoint);
                return "read as a second server";
            },
            500,
            secret => secret)
            .AssertReached("refused", "read as a second server");
    }

    [Theory]
    [InlineData("redis://cache:6380", "cache:6380", null, false)]
    [InlineData("redis://cache", "cache:6379", null, false)]
    [InlineData("rediss://:s3cret@cache:6390/2", "cache:6390", "s3cret", true)]
    [InlineData("redis://s3cret@cache:6390", "cache:6390", "s3cret", false)]
    [InlineData("cache:7000,password=s3cret", "cache:7000", "s3cret", false)]
    public void TheFormsUsersWrite(string text, string endpoint, string? password, bool tls)
    {
        var address = RedisAddress.Parse(text);

        Assert.Equal((endpoint, password, tls), (address.Endpoint, address.Password, address.Options.Ssl));
    }

    [Theory]
    [InlineData("http://cache:6379")]
    [InlineData("redis://cache:6379/zero")]
    [InlineData("   ")]
    public void WhatIsNotAnAddress_IsAClearError(string text)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => RedisAddress.Parse(text));

        Assert.Contains("redis://", error.Message);
    }
}
