using System.Text;
using System.Text.Json;
using Acme.Everything;
using Contracts.Runtime.Json;

namespace Memories.Contracts.Tests;

/// <summary>
/// Odd and broken answers for the memories contract and the every-feature contract, each with
/// its expected result: the decoded values, or the error's exact JSON path, model and field.
/// Every answer that decodes also survives a write-then-read round trip unchanged. Bodies are
/// read from UTF-8 bytes through a stream, as Refit reads them.
/// </summary>
public sealed class ResponseCorpusTests
{
    private const string Video = """{"video_no":"VI1","status":"PARSE","duration":"17","create_time":"1758262500019"}""";

    /// <summary>Memories answers that decode, with what a caller relies on.</summary>
    private static readonly Dictionary<string, (string Body, Action<MemoriesResponse<TaskVideos>> Check)> MemoriesDecodes = new()
    {
        ["numbers as strings"] = (Task(Video), r => Assert.Equal((TimeSpan.FromSeconds(17), 1758262500019L), (First(r).Duration!.Value, First(r).CreateTime!.Value.ToUnixTimeMilliseconds()))),
        ["numbers as numbers"] = (Task("""{"video_no":"VI1","status":"PARSE","duration":12,"create_time":1758262500019}"""), r => Assert.Equal(TimeSpan.FromSeconds(12), First(r).Duration)),
        ["integral float duration"] = (Task("""{"video_no":"VI1","status":"PARSE","duration":17.0}"""), r => Assert.Equal(TimeSpan.FromSeconds(17), First(r).Duration)),
        ["fractional duration"] = (Task("""{"video_no":"VI1","status":"PARSE","duration":"17.25"}"""), r => Assert.Equal(TimeSpan.FromSeconds(17.25), First(r).Duration)),
        ["timestamp in exponent form"] = (Task("""{"video_no":"VI1","status":"PARSE","create_time":1.758262500019E12}"""), r => Assert.Equal(1758262500019L, First(r).CreateTime!.Value.ToUnixTimeMilliseconds())),
        ["timestamp in exponent form as a string"] = (Task("""{"video_no":"VI1","status":"PARSE","create_time":"1.758262500019E12"}"""), r => Assert.Equal(1758262500019L, First(r).CreateTime!.Value.ToUnixTimeMilliseconds())),
        ["empty strings for numbers"] = (Task("""{"video_no":"VI1","status":"PARSE","duration":"","create_time":""}"""), r => Assert.Equal((null, null), (First(r).Duration, First(r).CreateTime))),
        ["nulls for optional fields"] = (Task("""{"video_no":"VI1","status":"PARSE","duration":null,"video_name":null,"video_url":null}"""), r => Assert.Null(First(r).VideoName)),
        ["lowercase status"] = (Task("""{"video_no":"VI1","status":"parse"}"""), r => Assert.Equal((VideoStatus.Unknown, "parse"), (First(r).Status, First(r).StatusWireValue))),
        ["unknown status"] = (Task("""{"video_no":"VI1","status":"ARCHIVED"}"""), r => Assert.Equal((VideoStatus.Unknown, "ARCHIVED"), (First(r).Status, First(r).StatusWireValue))),
        ["status alias FAILED"] = (Task("""{"video_no":"VI1","status":"FAILED"}"""), r => Assert.Equal(VideoStatus.Failed, First(r).Status)),
        ["status alias PARSE_ERROR"] = (Task("""{"video_no":"VI1","status":"PARSE_ERROR"}"""), r => Assert.Equal(VideoStatus.Failed, First(r).Status)),
        ["video_no as a number"] = (Task("""{"video_no":624126275711397888,"status":"PARSE"}"""), r => Assert.Equal("624126275711397888", First(r).VideoNo)),
        ["unknown fields nested deep"] = (Task("""{"video_no":"VI1","status":"PARSE","extra":{"a":[{"b":{"c":[1,"2",{"d":null}]}}]}}"""), r => Assert.Equal("VI1", First(r).VideoNo)),
        ["data null"] = ("""{"code":"0000","msg":"success","data":null}""", r => Assert.Null(r.Data)),
        ["data empty"] = ("""{"code":"0000","data":{}}""", r => Assert.Empty(r.Data!.Videos)),
        ["videos null"] = ("""{"code":"0000","data":{"videos":null}}""", r => Assert.Empty(r.Data!.Videos)),
        ["videos holding nulls"] = ("""{"code":"0000","data":{"videos":[null,""" + Video + """,null]}}""", r => Assert.Single(r.Data!.Videos)),
        ["duplicate keys: the last wins"] = ("""{"code":"0000","code":"0401","data":null}""", r => Assert.Equal("0401", r.Code)),
        ["escaped property names"] = ("""{"\u0063ode":"0000","d\u0061ta":{"videos":[]}}""", r => Assert.Equal("0000", r.Code)),
        ["byte order mark"] = ("\uFEFF" + Task(Video), r => Assert.Equal("VI1", First(r).VideoNo)),
        ["message as an object"] = ("""{"code":"0500","msg":{"error":"boom","at":[1,2]},"data":null}""", r => Assert.Equal(("0500", """{"error":"boom","at":[1,2]}"""), (r.Code, r.Message))),
        ["message as a number"] = ("""{"code":"0500","msg":42,"data":null}""", r => Assert.Equal("42", r.Message)),
        ["code as a number"] = ("""{"code":0,"data":null}""", r => Assert.Equal("0", r.Code)),
        ["flags as strings and numbers"] = ("""{"code":"0000","data":null,"success":"true","failed":0}""", r => Assert.Equal((true, false), (r.Success, r.Failed))),
        ["flags of no known form"] = ("""{"code":"0000","data":null,"success":"yes","failed":{"x":1}}""", r => Assert.Equal((null, null), (r.Success, r.Failed))),
        ["a 10 MB answer"] = (Task(string.Join(",", Enumerable.Range(0, 50_000).Select(i => $$"""{"video_no":"VI{{i}}","status":"UNPARSE","duration":{{i}},"video_name":"{{new string('n', 150)}}"}"""))), r => Assert.Equal(50_000, r.Data!.Videos.Count)),
    };

    /// <summary>Memories answers that cannot be decoded, with where the error must point.</summary>
    private static readonly Dictionary<string, (string Body, string Path, string? Type, string? Field, string Reason)> MemoriesErrors = new()
    {
        ["duration with a unit"] = (Task("""{"video_no":"VI1","status":"PARSE","duration":"17s"}"""), "$.data.videos[0].duration", "TaskVideo", "duration", "Expected a decimal, found the string \"17s\"."),
        ["fractional timestamp"] = (Task("""{"video_no":"VI1","status":"PARSE","create_time":1758262500019.5}"""), "$.data.videos[0].create_time", "TaskVideo", "create_time", "Expected a 64-bit integer, found the fraction 1758262500019.5."),
        ["timestamp overflowing long"] = (Task("""{"video_no":"VI1","status":"PARSE","create_time":1e30}"""), "$.data.videos[0].create_time", "TaskVideo", "create_time", "The number 1e30 does not fit a 64-bit integer."),
        ["duration NaN"] = (Task("""{"video_no":"VI1","status":"PARSE","duration":"NaN"}"""), "$.data.videos[0].duration", "TaskVideo", "duration", "Expected a decimal, found the string \"NaN\"."),
        ["missing status"] = (Task("""{"video_no":"VI1"}"""), "$.data.videos[0]", "TaskVideo", "status", "the required property 'status' is missing."),
        ["missing video_no"] = (Task(Video + """,{"status":"PARSE"}"""), "$.data.videos[1]", "TaskVideo", "video_no", "the required property 'video_no' is missing."),
        ["status as an object"] = (Task("""{"video_no":"VI1","status":{"v":"PARSE"}}"""), "$.data.videos[0].status", "TaskVideo", "status", "Expected a string, found an object."),
        ["data as an array"] = ("""{"code":"0000","data":[]}""", "$.data", "MemoriesResponse", "data", "Expected a JSON object for TaskVideos, found an array."),
        ["data as a string"] = ("""{"code":"0000","data":"none"}""", "$.data", "MemoriesResponse", "data", "Expected a JSON object for TaskVideos, found a string."),
        ["videos as an object"] = ("""{"code":"0000","data":{"videos":{"video_no":"VI1"}}}""", "$.data.videos", "TaskVideos", "videos", "Expected an array, found an object."),
        ["code as an object"] = ("""{"code":{"value":"0000"},"data":null}""", "$.code", "MemoriesResponse", "code", "Expected a code (a string or a number), found an object."),
        ["code missing"] = ("""{"msg":"success","data":null}""", "$", "MemoriesResponse", "code", "the required property 'code' is missing."),
        ["one bad video among 50,000"] = (Task(string.Join(",", Enumerable.Range(0, 50_000).Select(i => i == 31_337 ? """{"video_no":"VIbad","status":"PARSE","duration":"17s"}""" : $$"""{"video_no":"VI{{i}}","status":"PARSE"}"""))), "$.data.videos[31337].duration", "TaskVideo", "duration", "Expected a decimal, found the string \"17s\"."),
    };

    private const string Job = """{"jobId":"j1","state":"done","price":1.5}""";

    /// <summary>Every-feature answers that decode.</summary>
    private static readonly Dictionary<string, (string Body, Action<AcmeReply<JobPage>> Check)> EverythingDecodes = new()
    {
        ["unknown enum values in an array keep their raw values"] = (Page("""{"jobId":"j1","state":"done","price":1,"history":["queued","ZOMBIE","RUNNING",null]}"""), r =>
        {
            var job = r.Data!.Jobs[0];
            Assert.Equal([JobState.Queued, JobState.Unrecognized, JobState.InProgress], job.History);
            Assert.Equal(["queued", "ZOMBIE", "RUNNING"], job.HistoryWireValues);
        }),
        ["integral forms of int and long"] = ("""{"status_code":"OK","payload":{"total":3.0,"next_cursor":"1e3","jobs":[]}}""", r => Assert.Equal((3, 1000L), (r.Data!.Total, r.Data.NextCursor!.Value))),
        ["doubles as strings and numbers, nulls skipped"] = (Page("""{"jobId":"j1","state":"done","price":1,"score":"0.25","scores":[1,"2.5",null]}"""), r =>
        {
            Assert.Equal(0.25, r.Data!.Jobs[0].Score);
            Assert.Equal([1.0, 2.5], r.Data.Jobs[0].Scores);
        }),
        ["timestamps in seconds and milliseconds, strings and numbers"] = (Page("""{"jobId":"j1","state":"done","price":1,"created":1e9,"updated_at":"1758262500019","checkpoints":["1758262500019",1758262500020]}"""), r =>
        {
            var job = r.Data!.Jobs[0];
            Assert.Equal(1_000_000_000L, job.Created!.Value.ToUnixTimeSeconds());
            Assert.Equal([1758262500019L, 1758262500020L], job.Checkpoints.Select(c => c.ToUnixTimeMilliseconds()));
        }),
        ["fractional milliseconds"] = (Page("""{"jobId":"j1","state":"done","price":1,"elapsed_ms":1500.5}"""), r => Assert.Equal(TimeSpan.FromMilliseconds(1500.5), r.Data!.Jobs[0].Elapsed)),
        ["a keyword wire name"] = (Page("""{"jobId":"j1","state":"done","price":1,"owner":{"name":"ann","class":"admin"}}"""), r => Assert.Equal("admin", r.Data!.Jobs[0].Owner!.Kind)),
        ["enum aliases and booleans as strings"] = (Page("""{"jobId":"j1","state":"CRASHED","price":1,"is_public":"true","flags":[true,"false"]}"""), r => Assert.Equal((JobState.Error, true), (r.Data!.Jobs[0].State, r.Data.Jobs[0].Public))),
        ["decimal as a string"] = (Page("""{"jobId":"j1","state":"done","price":"12.25"}"""), r => Assert.Equal(12.25m, r.Data!.Jobs[0].Price)),
    };

    /// <summary>Every-feature answers that cannot be decoded.</summary>
    private static readonly Dictionary<string, (string Body, string Path, string? Type, string? Field, string Reason)> EverythingErrors = new()
    {
        ["NaN as a string"] = (Page("""{"jobId":"j1","state":"done","price":1,"score":"NaN"}"""), "$.payload.jobs[0].score", "Job", "score", "Expected a finite number, found the string \"NaN\"."),
        ["Infinity as a string"] = (Page("""{"jobId":"j1","state":"done","price":1,"score":"Infinity"}"""), "$.payload.jobs[0].score", "Job", "score", "Expected a finite number, found the string \"Infinity\"."),
        ["a double beyond its range"] = (Page("""{"jobId":"j1","state":"done","price":1,"scores":[1,1e400]}"""), "$.payload.jobs[0].scores[1]", "Job", "scores", "The number 1e400 does not fit a finite double."),
        ["a fractional int"] = ("""{"status_code":"OK","payload":{"total":3.5}}""", "$.payload.total", "JobPage", "total", "Expected a 32-bit integer, found the fraction 3.5."),
        ["an int beyond its range"] = ("""{"status_code":"OK","payload":{"total":3000000000}}""", "$.payload.total", "JobPage", "total", "The number 3000000000 does not fit a 32-bit integer."),
        ["a missing required decimal"] = (Page("""{"jobId":"j1","state":"done"}"""), "$.payload.jobs[0]", "Job", "price", "the required property 'price' is missing."),
        ["a bad owner deep inside"] = (Page(Job + ""","""+ """{"jobId":"j2","state":"done","price":1,"owner":{"class":"x"}}"""), "$.payload.jobs[1].owner", "Owner", "name", "the required property 'name' is missing."),
        ["an odd property name"] = ("""{"status_code":"OK","payload":{"total":1,"include-archived":true,"next_cursor":"x"}}""", "$.payload.next_cursor", "JobPage", "next_cursor", "Expected a 64-bit integer, found the string \"x\"."),
    };

    public static TheoryData<string> MemoriesDecodeCases => new(MemoriesDecodes.Keys);

    public static TheoryData<string> MemoriesErrorCases => new(MemoriesErrors.Keys);

    public static TheoryData<string> EverythingDecodeCases => new(EverythingDecodes.Keys);

    public static TheoryData<string> EverythingErrorCases => new(EverythingErrors.Keys);

    [Theory]
    [MemberData(nameof(MemoriesDecodeCases))]
    public void MemoriesAnswerDecodesAndRoundTrips(string name)
    {
        var (body, check) = MemoriesDecodes[name];
        var info = MemoriesJsonContext.Default.MemoriesResponseTaskVideos;

        var decoded = Read(body, info);

        check(decoded);
        AssertRoundTrips(decoded, info);
    }

    [Theory]
    [MemberData(nameof(MemoriesErrorCases))]
    public void MemoriesAnswerErrorPointsAtThePathAndField(string name)
    {
        var (body, path, type, field, reason) = MemoriesErrors[name];

        var error = Assert.Throws<WireDecodeException>(() => Read(body, MemoriesJsonContext.Default.MemoriesResponseTaskVideos));

        Assert.Equal((path, type, field, reason), (error.Path, error.TypeName, error.FieldName, error.Reason));
    }

    [Theory]
    [MemberData(nameof(EverythingDecodeCases))]
    public void EverythingAnswerDecodesAndRoundTrips(string name)
    {
        var (body, check) = EverythingDecodes[name];
        var info = EverythingJsonContext.Default.AcmeReplyJobPage;

        var decoded = Read(body, info);

        check(decoded);
        AssertRoundTrips(decoded, info);
    }

    [Theory]
    [MemberData(nameof(EverythingErrorCases))]
    public void EverythingAnswerErrorPointsAtThePathAndField(string name)
    {
        var (body, path, type, field, reason) = EverythingErrors[name];

        var error = Assert.Throws<WireDecodeException>(() => Read(body, EverythingJsonContext.Default.AcmeReplyJobPage));

        Assert.Equal((path, type, field, reason), (error.Path, error.TypeName, error.FieldName, error.Reason));
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"code":"0000","data":{"videos":[{"video_no":"VI1","sta""")]
    [InlineData("<html>502 Bad Gateway</html>")]
    public void TruncatedEmptyOrNonJsonBodiesAreJsonExceptions(string body)
    {
        Assert.ThrowsAny<JsonException>(() => Read(body, MemoriesJsonContext.Default.MemoriesResponseTaskVideos));
    }

    [Fact]
    public void WritingAnUnknownMemberBuiltInCodeIsAJsonExceptionNotAnArgumentException()
    {
        var job = new Job { JobId = "j", State = JobState.Completed, Price = 1, History = [JobState.Unrecognized] };

        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(job, EverythingJsonContext.Default.Job));
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(job with { History = [], Score = double.NaN }, EverythingJsonContext.Default.Job));
    }

    private static string Task(string videos) => """{"code":"0000","msg":"success","data":{"videos":[""" + videos + """]},"success":true,"failed":false}""";

    private static string Page(string jobs) => """{"status_code":"OK","message":"ok","payload":{"total":1,"jobs":[""" + jobs + "]}}";

    private static TaskVideo First(MemoriesResponse<TaskVideos> response) => response.Data!.Videos[0];

    private static T Read<T>(string body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return JsonSerializer.Deserialize(stream, info)!;
    }

    /// <summary>Written and read again, the answer holds every value it held: nothing lost or changed on the way out.</summary>
    private static void AssertRoundTrips<T>(T decoded, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        string written = JsonSerializer.Serialize(decoded, info);
        Structural.AssertEqual(decoded, Read(written, info));
    }
}
