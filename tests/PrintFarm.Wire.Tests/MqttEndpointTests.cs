namespace PrintFarm.Wire.Tests;

public sealed class MqttEndpointTests
{
    [TestCase("mqtt://broker.lan", "broker.lan", 1883, false, null, null)]
    [TestCase("mqtts://broker.lan", "broker.lan", 8883, true, null, null)]
    [TestCase("mqtt://coord:secret@10.0.0.5:1884", "10.0.0.5", 1884, false, "coord", "secret")]
    [TestCase("mqtts://coord:p%40ss%3Aw0rd%2F@broker.example:8884", "broker.example", 8884, true, "coord", "p@ss:w0rd/")]
    [TestCase("mqtt://user%20name@[::1]:1883", "::1", 1883, false, "user name", null)]
    [TestCase("  mqtt://h:1  ", "h", 1, false, null, null)]
    public void A_broker_url_gives_host_port_tls_and_decoded_credentials(string url, string host, int port, bool tls, string? user, string? password)
    {
        var endpoint = MqttEndpoint.Parse(url);
        Assert.That(endpoint, Is.EqualTo(new MqttEndpoint(host, port, tls, user, password)));
    }

    [TestCase("", "empty")]
    [TestCase("broker.lan:1883", "scheme \"broker.lan\" is not mqtt://")]
    [TestCase("http://broker.lan", "scheme \"http\" is not mqtt:// or mqtts://")]
    [TestCase("mqtt://broker.lan/topic", "has a path")]
    [TestCase("mqtt://:secret@broker.lan", "a password is given without a user name")]
    [TestCase("not a url", "is not a URL")]
    public void A_bad_broker_url_is_a_clear_error(string url, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => MqttEndpoint.Parse(url));
        Assert.That(ex!.Message, Does.Contain(expected));
    }

    [Test]
    public void The_password_never_shows_in_text()
    {
        var endpoint = MqttEndpoint.Parse("mqtts://coord:hunter2@broker:8884");
        Assert.Multiple(() =>
        {
            Assert.That(endpoint.ToString(), Is.EqualTo("mqtts://coord:***@broker:8884"));
            Assert.That(endpoint.PublicUrl, Is.EqualTo("mqtts://broker:8884"));
            Assert.That(endpoint.Address, Is.EqualTo("broker:8884"));
            Assert.That(Assert.Throws<FormatException>(() => MqttEndpoint.Parse("http://coord:hunter2@broker"))!.Message, Does.Not.Contain("hunter2"));
        });
    }
}
