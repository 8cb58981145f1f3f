using Elena.Sdk.Testing.Dsrv;
using Elena.Sdk.Testing.Portal;
using Elena.Sdk.Testing.Replies;
using Elena.Sdk.Testing.Zss;

namespace Elena.Sdk.Testing.Tests.Portal;

/// <summary>The DBFE meanings the portal shows come from docs/error-codes.md (embedded at build time).</summary>
public sealed class DbfeCatalogueTests
{
    [Theory]
    [InlineData("MVDSz02", "ELR202: A numeric (N) field holds something other than digits.")]
    [InlineData("NCSZz37", "ELR307: NCSZ ZLSZ is not the number of records between VOSZ and NCSZ.")]
    [InlineData("DSKOz63", "ELR103: ")]
    [InlineData("MVDS920", "more than 8 errors")]
    [InlineData("NCSZH10", "processing confirmation")]
    [InlineData("DSVVz85", "DSRV: address error")]
    public void Meaning_FromErrorCodesDocument(string code, string expected)
        => Assert.StartsWith(expected, DbfeCatalogue.Meaning(code), StringComparison.Ordinal);

    [Fact]
    public void Meaning_EveryNumberTheReferenceOfficeWrites_IsExplained()
    {
        string[] codes =
        [
            DsrvErrorCodes.NumberUnknown, DsrvErrorCodes.DuplicateAssignmentSuspicion, DsrvErrorCodes.PersonalDataMissing, DsrvErrorCodes.TownMissing,
            DsrvErrorCodes.PostalCodeInvalid, DsrvErrorCodes.PostalCodeCorrected, DsrvErrorCodes.NoNumberAssigned, DsrvErrorCodes.NotUnique,
            DsrvErrorCodes.ImplausiblePersonalData, ReplyFileBuilder.ConfirmationCode, InMemoryZss.ReplyChannelNotice, InMemoryZss.RetiredNumberNotice,
        ];

        Assert.All(codes, code => Assert.NotEqual(string.Empty, DbfeCatalogue.Meaning(code)));
        Assert.Equal(string.Empty, DbfeCatalogue.Meaning("XXXXq99"));
    }
}
