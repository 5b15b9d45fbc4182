using System.Buffers;
using System.Text.Json;

namespace Memories.Contracts.Tests;

/// <summary>Encoding writes into the caller's buffer and allocates nothing of its own: numbers go through a stack buffer, names and known values are UTF-8 literals.</summary>
public sealed class EncodingAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EncodingAThousandVideos_AllocatesNothingBeyondTheOutputBuffer(bool throughTheContext)
    {
        var videos = new TaskVideos
        {
            Videos = Enumerable.Range(0, 1_000).Select(i => new TaskVideo
            {
                VideoNo = "VI" + i.ToString("D18", System.Globalization.CultureInfo.InvariantCulture),
                VideoName = "video " + i,
                Duration = TimeSpan.FromSeconds(5 + (i % 90)),
                CreateTime = DateTimeOffset.FromUnixTimeMilliseconds(1_758_262_500_019 + i),
                Status = i % 3 == 0 ? VideoStatus.Parsed : VideoStatus.Unparsed,
                StatusWireValue = i % 3 == 0 ? "PARSE" : "UNPARSE",
                VideoUrl = new Uri("https://mavi-resource.example/VI" + i + ".mp4"),
                Bucket = i % 2 == 0 ? "bucket-a" : null,
            }).ToList(),
        };
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        using var writer = new Utf8JsonWriter(buffer);
        for (int warm = 0; warm < 3; warm++)
        {
            Encode(writer, buffer, videos, throughTheContext);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        Encode(writer, buffer, videos, throughTheContext);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.StartsWith("{\"videos\":[{\"video_no\":\"VI000000000000000000\"", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void Encode(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, TaskVideos videos, bool throughTheContext)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        if (throughTheContext)
        {
            JsonSerializer.Serialize(writer, videos, MemoriesJsonContext.Default.TaskVideos);
        }
        else
        {
            TaskVideosJsonConverter.WriteValue(writer, videos);
        }

        writer.Flush();
    }
}
