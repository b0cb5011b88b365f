using MQTTnet;

namespace PrintFarm.Daemon.Mqtt.Bridge;

/// <summary>How the coordinator's own MQTT client connects: to the embedded broker, or to the external one.</summary>
public interface ICoordinatorMqttOptions
{
    MqttClientOptions Build(string clientId);
}
