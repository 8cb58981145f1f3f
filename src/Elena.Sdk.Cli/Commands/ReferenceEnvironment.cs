using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Elena.Sdk.Crypto.Certificates;
using Elena.Sdk.Crypto.KeyLists;
using Elena.Sdk.Records.Identifiers;
using Elena.Sdk.Records.Models;
using Elena.Sdk.Testing;
using Elena.Sdk.Testing.Dsrv;

namespace Elena.Sdk.Cli.Commands;

/// <summary>
/// A self-contained reference environment in a folder (<c>elena env init</c>): a test CA, the ZSS key pair, the
/// acceptance-office key list, one admitted demo employer, <c>gesamt.agv</c> and the DSRV master data as JSON.
/// </summary>
internal static class ReferenceEnvironment
{
    public const string CaCertificate = "ca.crt";
    public const string CaKey = "ca.key";
    public const string ZssCertificate = "zss.crt";
    public const string ZssKey = "zss.key";
    public const string AcceptanceKeyList = "annahme.key";
    public const string EmployerCertificate = "employer.crt";
    public const string EmployerKey = "employer.key";
    public const string AdmittedEmployers = "gesamt.agv";
    public const string MasterData = "dsrv-master.json";

    /// <summary>The Betriebsnummer of the demo employer (a valid one).</summary>
    public const string DemoEmployer = "33526082";

    /// <summary>Every file of an environment, in the order they are listed.</summary>
    public static readonly IReadOnlyList<string> Files =
        [CaCertificate, CaKey, ZssCertificate, ZssKey, AcceptanceKeyList, EmployerCertificate, EmployerKey, AdmittedEmployers, MasterData];

    /// <summary>Whether the folder already holds (part of) an environment.</summary>
    public static bool Exists(string directory) => Files.Any(f => File.Exists(Path.Combine(directory, f)));

    /// <summary>Creates the keys, certificates and lists; every file is written atomically.</summary>
    public static async Task CreateAsync(string directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var notBefore = now.AddDays(-1);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Elena.Sdk Reference Test CA, O=Elena.Sdk reference environment, C=DE", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, now.AddYears(20));

        using var zssKey = RSA.Create(2048);
        using var zss = Issue(ca, caKey, zssKey, $"CN=Zentrale Speicherstelle, OU=BN{ReferenceParties.CentralStorageOffice}, O=Elena.Sdk reference environment, C=DE", notBefore, now.AddYears(10));
        using var employerKey = RSA.Create(2048);
        using var employer = Issue(ca, caKey, employerKey, $"CN=Demo Arbeitgeber, OU=BN{DemoEmployer}, OU=Demo Arbeitgeber GmbH, O=ITSG TrustCenter fuer Arbeitgeber, C=DE", notBefore, now.AddYears(10));

        await WriteTextAsync(directory, CaCertificate, ca.ExportCertificatePem() + "\n", cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(directory, CaKey, caKey.ExportPkcs8PrivateKeyPem() + "\n", cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(directory, ZssCertificate, zss.ExportCertificatePem() + "\n", cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(directory, ZssKey, zssKey.ExportPkcs8PrivateKeyPem() + "\n", cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(directory, AcceptanceKeyList, KeyList([zss, ca]), cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(directory, EmployerCertificate, employer.ExportCertificatePem() + "\n", cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(directory, EmployerKey, employerKey.ExportPkcs8PrivateKeyPem() + "\n", cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(directory, AdmittedEmployers, KeyList([employer]), cancellationToken).ConfigureAwait(false);
        await WriteMasterDataAsync(directory, [], cancellationToken).ConfigureAwait(false);
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, RSA caKey, RSA key, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        return request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
    }

    /// <summary>The ITSG list format: one base64 DER block per certificate, blocks separated by an empty line, CR LF.</summary>
    private static string KeyList(IEnumerable<X509Certificate2> certificates)
        => string.Join("\r\n", certificates.Select(c => Convert.ToBase64String(c.RawData) + "\r\n"));

    private static Task<int> WriteTextAsync(string directory, string name, string text, CancellationToken cancellationToken)
        => AtomicFile.WriteAsync(Path.Combine(directory, name), async (stream, ct) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    /// <summary>The environment's employer certificate with its key.</summary>
    public static X509Certificate2 LoadEmployer(string directory)
        => KeyFiles.LoadPem(PathIn(directory, EmployerCertificate), PathIn(directory, EmployerKey));

    /// <summary>The environment's ZSS certificate with its key.</summary>
    public static X509Certificate2 LoadZss(string directory)
        => KeyFiles.LoadPem(PathIn(directory, ZssCertificate), PathIn(directory, ZssKey));

    /// <summary>The test CA (trust anchor).</summary>
    public static X509Certificate2 LoadCa(string directory) => KeyFiles.LoadCertificate(PathIn(directory, CaCertificate));

    /// <summary>The admitted employer list.</summary>
    public static CertificateList LoadAdmittedEmployers(string directory)
        => CertificateList.Parse(File.ReadAllBytes(PathIn(directory, AdmittedEmployers)));

    /// <summary>The Betriebsnummer in the employer certificate's subject (<c>OU=BN…</c>).</summary>
    public static string EmployerNumberOf(X509Certificate2 certificate)
    {
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.GetSingleElementType().Value == "2.5.4.11" && rdn.GetSingleElementValue() is { } ou
                && ou.StartsWith("BN", StringComparison.Ordinal) && EmployerNumber.IsValid(ou[2..]))
            {
                return ou[2..];
            }
        }

        throw new ArgumentException($"The employer certificate {certificate.Subject} names no valid Betriebsnummer (OU=BN…).");
    }

    /// <summary>A file of the environment; fails with a clear message when it is missing.</summary>
    public static string PathIn(string directory, string name)
    {
        string path = Path.Combine(directory, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: is {directory} a reference environment ('elena env init {directory}')?", path);
        }

        return path;
    }

    /// <summary>The person the DSRV knows for an earnings record.</summary>
    public static DsrvPerson PersonOf(EarningsRecord mvds) => DsrvPerson.FromRecord(mvds);

    /// <summary>
    /// The person the DSRV knows for a number request: the DSVV carries no number, so the person gets an insurance
    /// number made from its birth data (area 12, serial by position and sex) and the DSRV finds it by name and birth.
    /// </summary>
    public static DsrvPerson PersonOf(NumberRequestRecord dsvv, int index)
    {
        var birthDate = dsvv.Birth?.BirthDate ?? throw new ArgumentException("A number request without birth date cannot be registered.");
        string familyName = dsvv.Name?.FamilyName ?? string.Empty;
        string birthName = dsvv.Birth.BirthName;
        string sex = dsvv.Birth.Sex;
        char initial = InitialOf(birthName.Length > 0 ? birthName : familyName);
        int serial = (sex == "W" ? 50 : 0) + (index % 50);
        return new DsrvPerson
        {
            InsuranceNumber = InsuranceNumber.Create("12", birthDate, initial, serial),
            FamilyName = familyName,
            FirstName = dsvv.Name?.FirstName ?? string.Empty,
            BirthName = birthName,
            BirthDate = birthDate,
            Sex = sex,
            PlaceOfBirth = dsvv.Birth.PlaceOfBirth,
            PostalCode = dsvv.Address?.PostalCode ?? string.Empty,
            Town = dsvv.Address?.Town ?? string.Empty,
            Street = dsvv.Address?.Street ?? string.Empty,
            IsCivilServant = dsvv.IsCivilServant == true,
        };
    }

    private static char InitialOf(string name) => name.Length == 0 ? 'X' : char.ToUpperInvariant(name[0]) switch
    {
        'Ä' => 'A',
        'Ö' => 'O',
        'Ü' => 'U',
        var c and >= 'A' and <= 'Z' => c,
        _ => 'X',
    };

    /// <summary>Reads <c>dsrv-master.json</c>.</summary>
    public static async Task<List<DsrvPerson>> ReadMasterDataAsync(string directory, CancellationToken cancellationToken)
    {
        string path = PathIn(directory, MasterData);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{path} is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ArgumentException($"{path} must hold a JSON array of persons.");
            }

            var persons = new List<DsrvPerson>();
            foreach (var p in document.RootElement.EnumerateArray())
            {
                string? Text(string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                string birth = Text("birthDate") ?? throw new ArgumentException($"{path}: person {persons.Count + 1} has no birthDate.");
                if (!DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate))
                {
                    throw new ArgumentException($"{path}: person {persons.Count + 1} has birthDate '{birth}', expected yyyy-MM-dd.");
                }

                persons.Add(new DsrvPerson
                {
                    InsuranceNumber = Text("insuranceNumber"),
                    ProcedureNumber = Text("procedureNumber"),
                    FamilyName = Text("familyName") ?? string.Empty,
                    FirstName = Text("firstName") ?? string.Empty,
                    BirthName = Text("birthName") ?? string.Empty,
                    BirthDate = birthDate,
                    Sex = Text("sex") ?? string.Empty,
                    PlaceOfBirth = Text("placeOfBirth") ?? string.Empty,
                    PostalCode = Text("postalCode") ?? string.Empty,
                    Town = Text("town") ?? string.Empty,
                    Street = Text("street") ?? string.Empty,
                    IsCivilServant = p.TryGetProperty("isCivilServant", out var cs) && cs.ValueKind == JsonValueKind.True,
                });
            }

            return persons;
        }
    }

    /// <summary>Writes <c>dsrv-master.json</c> atomically.</summary>
    public static Task<int> WriteMasterDataAsync(string directory, IEnumerable<DsrvPerson> persons, CancellationToken cancellationToken)
        => AtomicFile.WriteAsync(Path.Combine(directory, MasterData), async (stream, ct) =>
        {
            await using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartArray();
                foreach (var p in persons)
                {
                    json.WriteStartObject();
                    WriteNullable(json, "insuranceNumber", p.InsuranceNumber);
                    WriteNullable(json, "procedureNumber", p.ProcedureNumber);
                    json.WriteString("familyName", p.FamilyName);
                    json.WriteString("firstName", p.FirstName);
                    json.WriteString("birthName", p.BirthName);
                    json.WriteString("birthDate", p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    json.WriteString("sex", p.Sex);
                    json.WriteString("placeOfBirth", p.PlaceOfBirth);
                    json.WriteString("postalCode", p.PostalCode);
                    json.WriteString("town", p.Town);
                    json.WriteString("street", p.Street);
                    json.WriteBoolean("isCivilServant", p.IsCivilServant);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                await json.FlushAsync(ct).ConfigureAwait(false);
            }

            await stream.WriteAsync("\n"u8.ToArray(), ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken);

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>
    /// Appends persons to <c>dsrv-master.json</c>. A person from an MVDS (it carries the real number) replaces an entry
    /// with the same number or the same identity (names and birth date); a person made up for a DSVV is skipped when
    /// the DSRV already knows that identity, so the search stays unique.
    /// </summary>
    public static async Task<int> AppendMasterDataAsync(string directory, IEnumerable<(DsrvPerson Person, bool FromNumberRequest)> added, CancellationToken cancellationToken)
    {
        var persons = await ReadMasterDataAsync(directory, cancellationToken).ConfigureAwait(false);
        int count = 0;
        foreach (var (person, fromNumberRequest) in added)
        {
            if (fromNumberRequest && persons.Any(p => SameIdentity(p, person)))
            {
                continue;
            }

            persons.RemoveAll(p => p.CurrentNumber == person.CurrentNumber || SameIdentity(p, person));
            persons.Add(person);
            count++;
        }

        await WriteMasterDataAsync(directory, persons, cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static bool SameIdentity(DsrvPerson a, DsrvPerson b)
        => a.BirthDate == b.BirthDate
           && DsrvMasterData.Normalize(a.FamilyName) == DsrvMasterData.Normalize(b.FamilyName)
           && DsrvMasterData.Normalize(a.FirstName) == DsrvMasterData.Normalize(b.FirstName)
           && DsrvMasterData.Normalize(a.BirthName) == DsrvMasterData.Normalize(b.BirthName);
}
