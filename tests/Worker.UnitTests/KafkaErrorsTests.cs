using Confluent.Kafka;
using KafkaRooms.Worker.Consuming;

namespace KafkaRooms.Worker.UnitTests;

public class KafkaErrorsTests
{
    [Theory]
    [InlineData(ErrorCode.Local_State, true)]
    [InlineData(ErrorCode.Local_UnknownPartition, true)]
    [InlineData(ErrorCode.Local_NoOffset, false)]
    [InlineData(ErrorCode.Local_Transport, false)]
    public void Storing_an_offset_of_a_revoked_partition_is_recognised(ErrorCode code, bool notAssigned) =>
        Assert.Equal(notAssigned, KafkaErrors.IsNotAssigned(new Error(code)));

    [Fact]
    public void A_commit_with_nothing_stored_is_not_a_failure()
    {
        Assert.True(KafkaErrors.IsNothingToCommit(new Error(ErrorCode.Local_NoOffset)));
        Assert.False(KafkaErrors.IsNothingToCommit(new Error(ErrorCode.RequestTimedOut)));
    }

    [Fact]
    public void Fatal_is_the_error_flag_not_the_code()
    {
        Assert.True(KafkaErrors.IsFatal(new Error(ErrorCode.Local_Fatal, "fenced", isFatal: true)));
        Assert.False(KafkaErrors.IsFatal(new Error(ErrorCode.Local_AllBrokersDown, "all brokers down", isFatal: false)));
        Assert.False(KafkaErrors.IsFatal(new Error(ErrorCode.Local_Transport)));
    }
}
