using Confluent.Kafka;
using KafkaRooms.Worker.Consuming;

namespace KafkaRooms.Worker.UnitTests;

public class ConsumeErrorsTests
{
    [Theory]
    [InlineData(ErrorCode.Local_State)]
    [InlineData(ErrorCode.Local_UnknownPartition)]
    public void Storing_an_offset_of_a_revoked_partition_is_recognised(ErrorCode code) =>
        Assert.Equal(ConsumeErrorAction.PartitionNotOwned, ConsumeErrors.Classify(new Error(code)));

    [Fact]
    public void A_commit_with_nothing_stored_is_not_a_failure() =>
        Assert.Equal(ConsumeErrorAction.Ignore, ConsumeErrors.Classify(new Error(ErrorCode.Local_NoOffset)));

    [Theory]
    [InlineData(ErrorCode.Local_AllBrokersDown)]
    [InlineData(ErrorCode.Local_Transport)]
    [InlineData(ErrorCode.RequestTimedOut)]
    [InlineData(ErrorCode.NotLeaderForPartition)]
    [InlineData(ErrorCode.NotCoordinatorForGroup)]
    public void Broker_and_network_trouble_is_ridden_out(ErrorCode code) =>
        Assert.Equal(ConsumeErrorAction.Transient, ConsumeErrors.Classify(new Error(code)));

    [Theory]
    [InlineData(ErrorCode.TopicAuthorizationFailed)]
    [InlineData(ErrorCode.GroupAuthorizationFailed)]
    [InlineData(ErrorCode.SaslAuthenticationFailed)]
    [InlineData(ErrorCode.Local_UnknownTopic)]
    public void Errors_only_an_operator_can_fix_are_reported_as_such(ErrorCode code) =>
        Assert.Equal(ConsumeErrorAction.Misconfigured, ConsumeErrors.Classify(new Error(code)));

    [Fact]
    public void Fatal_is_the_error_flag_not_the_code()
    {
        Assert.Equal(ConsumeErrorAction.Fatal, ConsumeErrors.Classify(new Error(ErrorCode.Local_Fatal, "fenced", isFatal: true)));
        Assert.Equal(ConsumeErrorAction.Fatal, ConsumeErrors.Classify(new Error(ErrorCode.Local_State, "fatal state", isFatal: true)));
        Assert.Equal(ConsumeErrorAction.Transient, ConsumeErrors.Classify(new Error(ErrorCode.Local_AllBrokersDown, "all brokers down", isFatal: false)));
    }
}
