using System.Net;
using Elena.Sdk.Testing.Portal;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace Elena.Sdk.Testing.Tests.Portal;

/// <summary>The service portal's pages in a real headless Chromium (Debian's chromium and chromedriver), over loopback Kestrel.</summary>
public sealed class PortalBrowserTests(ITestOutputHelper output)
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string ChromeDriverPath = "/usr/bin/chromedriver";

    private static ChromeDriver StartBrowser(string profile)
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install the Debian package chromium (test.sh does).");
        Assert.True(File.Exists(ChromeDriverPath), $"{ChromeDriverPath} is missing: install the Debian package chromium-driver (test.sh does).");
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddUserProfilePreference("intl.accept_languages", "de-DE,de");
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        return driver;
    }

    /// <summary>Makes the window as tall as the page so the screenshot shows all of it (the test's script, not the page's).</summary>
    private static void FitWindowToPage(ChromeDriver driver)
    {
        long height = (long)driver.ExecuteScript("return document.documentElement.scrollHeight;")!;
        driver.Manage().Window.Size = new System.Drawing.Size(1400, (int)Math.Min(height + 140, 6000));
    }

    [Fact]
    public async Task Browser_SignInListToDetail_ShowsOwnFilesRecordsAndDbfe_NotOtherEmployers()
    {
        await using var env = await PortalTestEnvironment.StartAsync();
        var ok = await env.SendAsync(env.A, env.File(PortalTestEnvironment.EmployerA, mvds: 3, seed: 71, fileNumber: 3));
        var faulty = await env.SendAsync(env.A, PortalTestEnvironment.WithFieldErrorInFirstMvds(env.File(PortalTestEnvironment.EmployerA, mvds: 3, seed: 72, fileNumber: 4)));
        var others = await env.SendAsync(env.B, env.File(PortalTestEnvironment.EmployerB, mvds: 1, seed: 73));
        var session = await env.PortalClient(env.A).CreateSessionAsync();

        string profile = Path.Combine(Path.GetTempPath(), "elena-portal-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            using var driver = StartBrowser(profile);

            // Sign in with the one-time link, English labels.
            driver.Navigate().GoToUrl(session.Url + "&lang=en");
            Assert.Equal(env.PortalUrl + "?lang=en", driver.Url);
            Assert.Equal("en", driver.FindElement(By.TagName("html")).GetAttribute("lang"));
            Assert.Single(driver.FindElements(By.TagName("main")));
            Assert.Single(driver.FindElements(By.TagName("nav")));
            var list = driver.FindElement(By.CssSelector("main table"));
            Assert.Contains("Your files", driver.FindElement(By.TagName("h2")).Text, StringComparison.Ordinal);
            var headers = list.FindElements(By.CssSelector("thead th")).ToList();
            Assert.All(headers, h => Assert.Equal("col", h.GetAttribute("scope")));
            var rows = list.FindElements(By.CssSelector("tbody tr")).Select(r => r.FindElement(By.CssSelector("th[scope=row]")).Text).ToList();
            Assert.Equal([faulty.Id, ok.Id], rows);
            Assert.DoesNotContain(others.Id, driver.PageSource, StringComparison.Ordinal);
            Assert.Contains(PortalTestEnvironment.EmployerA, driver.FindElement(By.TagName("nav")).Text, StringComparison.Ordinal);

            // From the list to the faulty file: its records with the reply and DBFE field by field.
            driver.FindElement(By.LinkText(faulty.Id)).Click();
            Assert.EndsWith("/portal/files/" + faulty.Id + "?lang=en", driver.Url, StringComparison.Ordinal);
            string page = driver.FindElement(By.TagName("main")).Text;
            Assert.Contains("File id " + faulty.Id, page, StringComparison.Ordinal);
            Assert.Contains("000004", page, StringComparison.Ordinal);
            Assert.Contains("Record rejection", page, StringComparison.Ordinal);
            Assert.Contains("waiting to be fetched", page, StringComparison.Ordinal);
            var recordRows = driver.FindElements(By.CssSelector("tr[id^=record-]"));
            Assert.Equal(3, recordRows.Count);
            var dbfe = recordRows[0].FindElement(By.CssSelector("table.dbfe tbody tr"));
            Assert.Equal("MVDSz02", dbfe.FindElement(By.CssSelector("th[scope=row]")).Text);
            var cells = dbfe.FindElements(By.TagName("td")).Select(c => c.Text).ToList();
            Assert.Equal("PERSGR", cells[0]);
            Assert.StartsWith("PERSGR: ", cells[1], StringComparison.Ordinal);
            Assert.StartsWith("ELR202: A numeric (N) field", cells[2], StringComparison.Ordinal);
            Assert.Contains("rejected, not stored", recordRows[0].Text, StringComparison.Ordinal);
            Assert.Contains("stored", recordRows[1].Text, StringComparison.Ordinal);
            Assert.Empty(recordRows[1].FindElements(By.CssSelector("table.dbfe")));

            string artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(artifacts);
            string screenshot = Path.Combine(artifacts, "portal.png");
            FitWindowToPage(driver);
            driver.GetScreenshot().SaveAsFile(screenshot);
            output.WriteLine($"screenshot: {screenshot}");
            Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot is (nearly) empty.");

            // German through the labelled language switch (a plain GET form).
            var language = driver.FindElement(By.Id("lang"));
            Assert.Equal("lang", driver.FindElement(By.CssSelector("label[for=lang]")).GetAttribute("for"));
            language.FindElement(By.CssSelector("option[value=de]")).Click();
            driver.FindElement(By.CssSelector("nav form[method=get] button")).Click();
            Assert.Equal("de", driver.FindElement(By.TagName("html")).GetAttribute("lang"));
            Assert.Contains("Datensatzabweisung", driver.FindElement(By.TagName("main")).Text, StringComparison.Ordinal);
            FitWindowToPage(driver);
            driver.GetScreenshot().SaveAsFile(Path.Combine(artifacts, "portal-de.png"));

            // Another employer's file: not found, exactly like a file that does not exist.
            driver.Navigate().GoToUrl(new Uri(env.PortalUrl, "files/" + others.Id).ToString());
            string stolen = driver.FindElement(By.TagName("main")).Text;
            driver.Navigate().GoToUrl(new Uri(env.PortalUrl, "files/ZSS99999999").ToString());
            string missing = driver.FindElement(By.TagName("main")).Text;
            Assert.Contains("nicht gefunden", stolen, StringComparison.Ordinal);
            Assert.Equal(missing, stolen);
            Assert.DoesNotContain(PortalTestEnvironment.EmployerB, driver.PageSource, StringComparison.Ordinal);

            // No session cookie reaches script, and the link does not work twice.
            Assert.True(driver.Manage().Cookies.GetCookieNamed(ZssPortal.SessionCookie)?.IsHttpOnly);
            using var http = env.Http();
            using var reused = await http.GetAsync(session.Url);
            Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    [Fact]
    public async Task Browser_WithoutSession_SignInHelpNoData()
    {
        await using var env = await PortalTestEnvironment.StartAsync();
        var sent = await env.SendAsync(env.A, env.File(PortalTestEnvironment.EmployerA, mvds: 1, seed: 81));
        string profile = Path.Combine(Path.GetTempPath(), "elena-portal-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            using var driver = StartBrowser(profile);
            driver.Navigate().GoToUrl(env.PortalUrl.ToString());
            string signedOut = driver.FindElement(By.TagName("main")).Text;
            driver.Navigate().GoToUrl(new Uri(env.PortalUrl, "files/" + sent.Id).ToString());

            Assert.Contains("elena portal open", signedOut, StringComparison.Ordinal);
            Assert.Equal("de", driver.FindElement(By.TagName("html")).GetAttribute("lang"));
            Assert.DoesNotContain(sent.Id, driver.PageSource, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
