namespace Elena.Sdk.Testing.Dsrv;

/// <summary>Reactions 1–8 of the DSRV reaction table (procedure.md §3, seed 001 §2.1.6.2).</summary>
[Flags]
public enum DsrvReactions
{
    /// <summary>No reaction (table rows 1 and 2).</summary>
    None = 0,

    /// <summary>1: the VFNR is activated and becomes the VSNR.</summary>
    ActivateProcedureNumber = 1,

    /// <summary>2: a VFNR is assigned.</summary>
    AssignProcedureNumber = 2,

    /// <summary>3: GDMQ 24 (no VSNR assigned).</summary>
    ReportNoNumber = 4,

    /// <summary>4: GDMQ 21 (new VFNR).</summary>
    ReportNewProcedureNumber = 8,

    /// <summary>5: GDMQ 02 (number returned).</summary>
    ReportNumber = 16,

    /// <summary>6: the DSRV informs the participant.</summary>
    DsrvInformsParticipant = 32,

    /// <summary>7: the ZSS informs the participant.</summary>
    ZssInformsParticipant = 64,

    /// <summary>8: the DSRV reports the number to the ZSS and the ZSS to the employer.</summary>
    ReportNumberToEmployer = 128,
}
