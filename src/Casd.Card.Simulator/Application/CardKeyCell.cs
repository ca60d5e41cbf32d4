using System.Security.Cryptography;

namespace Casd.Card.Simulator.Application;

/// <summary>
/// The card key pair's NVM cell (<c>NvmLayout.CardKey</c>): the 32-byte P-256 private scalar, then the
/// 65-byte uncompressed public point '04' X Y. Every buffer that held the scalar is zeroed.
/// </summary>
internal static class CardKeyCell
{
    /// <summary>The length of the private scalar.</summary>
    public const int PrivateKeyLength = 32;

    /// <summary>The length of the uncompressed point.</summary>
    public const int PointLength = 65;

    /// <summary>Writes a key pair into a new cell value; secret: zero it after the commit.</summary>
    /// <param name="key">The key pair.</param>
    /// <returns>The cell value.</returns>
    public static byte[] Export(ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: true);
        var cell = new byte[PrivateKeyLength + PointLength];
        parameters.D!.CopyTo(cell, 0);
        cell[PrivateKeyLength] = 0x04;
        parameters.Q.X!.CopyTo(cell, PrivateKeyLength + 1);
        parameters.Q.Y!.CopyTo(cell, PrivateKeyLength + 33);
        CryptographicOperations.ZeroMemory(parameters.D);
        return cell;
    }

    /// <summary>Reads a key pair from its cell value.</summary>
    /// <param name="cell">The cell value; the caller zeroes it.</param>
    /// <returns>The key pair.</returns>
    public static ECDsa Import(byte[] cell)
    {
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = cell.AsSpan(0, PrivateKeyLength).ToArray(),
            Q = new ECPoint { X = cell.AsSpan(PrivateKeyLength + 1, 32).ToArray(), Y = cell.AsSpan(PrivateKeyLength + 33, 32).ToArray() },
        };
        try
        {
            return ECDsa.Create(parameters);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>The public point of a key pair, uncompressed.</summary>
    /// <param name="key">The key pair.</param>
    /// <returns>'04' X Y, 65 bytes.</returns>
    public static byte[] PublicPoint(ECDsa key)
    {
        var p = key.ExportParameters(false);
        var point = new byte[PointLength];
        point[0] = 0x04;
        p.Q.X!.CopyTo(point, 1);
        p.Q.Y!.CopyTo(point, 33);
        return point;
    }
}
