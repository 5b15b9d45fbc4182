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
        Gen.Select(Secret, Gen.String[Gen.Char['a', 'z'], 0, 8], Gen.Int[1, 65535], Gen.Int[0, 15]).Sample((password, user, port, database) =>
        {
            string text = $"redis://{user}:{Uri.EscapeDataString(password)}@127.0.0.1:{port}/{database}";

            var address = RedisAddress.Parse(text);

            Assert.Equal(password, address.Options.Password);
            Assert.Equal(user.Length == 0 ? null : user, address.Options.User);
            Assert.Equal(database, address.Options.DefaultDatabase);
            Assert.Equal($"127.0.0.1:{port}", address.Endpoint);
            Assert.DoesNotContain(password, address.Scrub($"NOAUTH {password} refused"));
        }, seed: Seeds.Default, iter: 2_000);
    }

    [Fact]
    public void AnUnreadableAddress_IsRefusedWithoutRepeatingIt()
    {
        // Broken on purpose, each around a secret that must not reach the message.
        Gen.Select(Secret, Gen.OneOf(Gen.Const("http://{0}@host:1"), Gen.Const("redis://:{0}@"), Gen.Const("redis://host:1/not-a-db-{0}"), Gen.Const("{0},,=,password"), Gen.Const("redis:{0}"), Gen.Const("rediss://u:{0}@host:99999"))).Sample((secret, shape) =>
        {
            string text = string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, Uri.EscapeDataString(secret));
            try
            {
                RedisAddress.Parse(text);
            }
            catch (ArgumentException error)
            {
                Assert.DoesNotContain(Uri.EscapeDataString(secret), error.Message);
                Assert.DoesNotContain(secret, error.Message);
            }
        }, seed: Seeds.Default, iter: 2_000);
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
