using Contracts.Runtime.Json;
using System.Text.Json;
using Contracts.Runtime;
using Memories.Contracts;

namespace Memories.Contracts.Tests;

/// <summary>Real payloads of the task-status endpoint, decoded through the generated converters.</summary>
public sealed class DecodingTests
{
    /// <summary>The response example of the endpoint's documentation page, verbatim.</summary>
    public const string DocumentationExample = """
        {
            "code": "0000",
            "msg": "success",
            "data": {
                "videos": [
                    {
                        "duration": "17",
                        "status": "PARSE",
                        "video_no": "VI624126275711397888",
                        "video_name": "#football",
                        "create_time": "1758262500019",
                        "video_url": "https://mavi-resource.openinterx.com/VIabc123....mp4",
                        "bucket": "mavi-resource",
                        "blob": "VIabc123....mp4"
                    },
                    {
                        "duration": "8",
                        "status": "UNPARSE",
                        "video_no": "VI624126275900141568",
                        "video_name": "Salah",
                        "create_time": "1758262500026",
                        "video_url": "https://mavi-resource.openinterx.com/VIdef456....mp4",
                        "bucket": "mavi-resource",
                        "blob": "VIdef456....mp4"
                    }
                ]
            },
            "failed": false,
            "success": true
        }
        """;

    private static MemoriesResponse<TaskVideos> Decode(string json) =>
        JsonSerializer.Deserialize(json, MemoriesJsonContext.Default.MemoriesResponseTaskVideos)!;

    [Fact]
    public void DocumentationExample_DecodesEveryField()
    {
        var response = Decode(DocumentationExample);

        Assert.True(response.IsSuccess);
        Assert.Equal("success", response.Message);
        Assert.True(response.Success);
        Assert.False(response.Failed);
        var first = response.Data!.Videos[0];
        Assert.Equal("VI624126275711397888", first.VideoNo);
        Assert.Equal("#football", first.VideoName);
        Assert.Equal(TimeSpan.FromSeconds(17), first.Duration);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1758262500019), first.CreateTime);
        Assert.Equal(VideoStatus.Parsed, first.Status);
        Assert.Equal(new Uri("https://mavi-resource.openinterx.com/VIabc123....mp4"), first.VideoUrl);
        Assert.Equal("mavi-resource", first.Bucket);
        Assert.Equal("VIabc123....mp4", first.Blob);
        Assert.Equal(VideoStatus.Unparsed, response.Data.Videos[1].Status);
        Assert.False(response.Data.Videos[1].Status.IsTerminal());
    }

    [Fact]
    public void NumbersAsJsonNumbers()
    {
        var video = Decode("""{"code":"0000","data":{"videos":[{"video_no":"V1","status":"PARSE","duration":12,"create_time":1758262500019}]}}""").Data!.Videos[0];

        Assert.Equal(TimeSpan.FromSeconds(12), video.Duration);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1758262500019), video.CreateTime);
    }

    [Theory]
    [InlineData("FAIL")]
    [InlineData("FAILED")]
    [InlineData("PARSE_ERROR")]
    public void EveryFailureSpellingIsAFailure(string wire)
    {
        var video = Decode($$$"""{"code":"0000","data":{"videos":[{"video_no":"V1","status":"{{{wire}}}"}]}}""").Data!.Videos[0];

        Assert.Equal(VideoStatus.Failed, video.Status);
        Assert.Equal(StatusOutcome.Failure, video.Status.GetOutcome());
        Assert.True(video.Status.IsTerminal());
        Assert.Equal(wire, video.StatusWireValue);
    }

    [Fact]
    public void AnUnknownStatusIsKeptNotThrown()
    {
        var video = Decode("""{"code":"0000","data":{"videos":[{"video_no":"V1","status":"INDEXING_SUCCEEDED"}]}}""").Data!.Videos[0];

        Assert.Equal(VideoStatus.Unknown, video.Status);
        Assert.Equal("INDEXING_SUCCEEDED", video.StatusWireValue);
        Assert.Equal(StatusOutcome.Pending, video.Status.GetOutcome());
    }

    [Fact]
    public void MissingOptionalFieldsAreNull()
    {
        var video = Decode("""{"code":"0000","data":{"videos":[{"video_no":"V1","status":"UNPARSE"}]}}""").Data!.Videos[0];

        Assert.Null(video.VideoName);
        Assert.Null(video.Duration);
        Assert.Null(video.CreateTime);
        Assert.Null(video.VideoUrl);
        Assert.Null(video.Bucket);
        Assert.Null(video.Blob);
    }

    [Fact]
    public void NullDataAndEmptyDataAreNotErrors()
    {
        Assert.Null(Decode("""{"code":"0000","msg":"success","data":null}""").Data);
        Assert.Empty(Decode("""{"code":"0000","msg":"success","data":{}}""").Data!.Videos);
        Assert.Empty(Decode("""{"code":"0000","data":{"videos":[]}}""").Data!.Videos);
    }

    [Fact]
    public void AnErrorCodeInsideHttp200IsNotSuccess()
    {
        var response = Decode("""{"code":"0401","msg":"Invalid authorization","data":null,"success":false,"failed":true}""");

        Assert.False(response.IsSuccess);
        var error = Assert.Throws<ApiResponseException>(() => response.EnsureSuccess());
        Assert.Equal("0401", error.Code);
        Assert.Equal("Invalid authorization", error.ApiMessage);
        Assert.Equal(BusinessCodeCategory.Unauthorized, error.BusinessCode.Category);
        Assert.Equal("The API answered code 0401 (invalid authorization; check the API key): Invalid authorization", error.Message);
        Assert.True(MemoriesResponseCodes.Find(MemoriesResponseCodes.RateLimited).IsRetryable);
    }

    [Fact]
    public void AMissingRequiredFieldIsAClearJsonException()
    {
        var error = Assert.Throws<WireDecodeException>(() => Decode("""{"code":"0000","data":{"videos":[{"status":"PARSE"}]}}"""));

        Assert.Equal("$.data.videos[0]", error.Path);
        Assert.Equal(("TaskVideo", "video_no"), (error.TypeName, error.FieldName));
        Assert.Equal("Cannot decode TaskVideo.video_no at $.data.videos[0]: the required property 'video_no' is missing.", error.Message);
    }

    [Theory]
    [InlineData("video_name", "\"\\ud800\"", "$.data.videos[0].video_name")]
    [InlineData("video_name", "\"a\\udc00b\"", "$.data.videos[0].video_name")]
    [InlineData("status", "\"\\ud800\"", "$.data.videos[0].status")]
    [InlineData("video_url", "\"https://x/\\udfff\"", "$.data.videos[0].video_url")]
    [InlineData("duration", "\"1\\ud800\"", "$.data.videos[0].duration")]
    public void AStringThatIsNoValidTextIsADecodingErrorInItsPlace(string field, string value, string path)
    {
        string video = "{\"video_no\":\"VI1\",\"status\":\"PARSE\"," + "\"" + field + "\":" + value + "}";
        video = video.Replace("\"status\":\"PARSE\",\"status\"", "\"status\"", StringComparison.Ordinal);

        var error = Assert.Throws<WireDecodeException>(() => Decode("{\"code\":\"0000\",\"data\":{\"videos\":[" + video + "]}}"));

        Assert.Equal(path, error.Path);
        Assert.Equal(("TaskVideo", field), (error.TypeName, error.FieldName));
        Assert.Contains("lone UTF-16 surrogate", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void APropertyNameThatIsNoValidTextIsSkippedLikeAnyUnknownOne()
    {
        var response = Decode("{\"code\":\"0000\",\"data\":{\"videos\":[{\"video\\ud800\":1,\"video_no\":\"VI1\",\"status\":\"PARSE\"}]}}");

        Assert.Equal("VI1", Assert.Single(response.Data!.Videos).VideoNo);
    }

    [Fact]
    public void WriteThenReadRoundTripsTheWireForm()
    {
        var original = Decode(DocumentationExample.Replace("\"UNPARSE\"", "\"FAILED\""));

        string written = JsonSerializer.Serialize(original, MemoriesJsonContext.Default.MemoriesResponseTaskVideos);
        var reread = Decode(written);

        Assert.Contains("\"duration\":\"17\"", written);
        Assert.Contains("\"create_time\":\"1758262500019\"", written);
        Assert.Contains("\"status\":\"FAILED\"", written);
        Assert.Equal(original.Data!.Videos, reread.Data!.Videos);
        Assert.Equal(original with { Data = null }, reread with { Data = null });
    }
}
