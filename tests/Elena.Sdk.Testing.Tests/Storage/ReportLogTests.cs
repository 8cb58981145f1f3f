using Elena.Sdk.Testing.Storage;

namespace Elena.Sdk.Testing.Tests.Storage;

public class ReportLogTests
{
    [Fact]
    public void Add_OneReport_RecordsAllFieldsWithMonthNormalised()
    {
        var log = new ReportLog();
        var at = new DateTimeOffset(2010, 2, 3, 4, 5, 6, TimeSpan.FromHours(1));

        log.Add(at, new DateOnly(2010, 1, 31), "12150780M003", "33526082", "file-0001");

        var entry = Assert.Single(log.Entries);
        Assert.Equal(new ReportLogEntry(at, new DateOnly(2010, 1, 1), "12150780M003", "33526082", "file-0001"), entry);
    }

    [Fact]
    public void Add_EightThreadsThousandEach_AllLogged()
    {
        var log = new ReportLog();
        var at = DateTimeOffset.UnixEpoch;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            for (var i = 0; i < 1000; i++)
            {
                log.Add(at, new DateOnly(2010, 1, 1), "12150780M003", "33526082", $"f{t}-{i}");
            }
        });

        Assert.Equal(8000, log.Entries.Count);
        Assert.Equal(8000, log.Entries.Select(e => e.FileId).Distinct().Count());
    }

    [Fact]
    public void Add_MissingInsuranceNumber_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ReportLog().Add(DateTimeOffset.UnixEpoch, default, "", "33526082", "f"));
    }
}
