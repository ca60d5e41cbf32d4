using BenchmarkDotNet.Attributes;
using Casd.Card.Iso7816;

namespace Casd.Card.Benchmarks.Iso7816;

/// <summary>The span-based APDU and TLV paths; MemoryDiagnoser must show 0 B for each.</summary>
[MemoryDiagnoser]
public class ApduCodecBenchmarks
{
    private readonly byte[] _destination = new byte[CommandApdu.MaxEncodedLength];
    private readonly byte[] _response = [.. new byte[512], 0x90, 0x00];
    private CommandApdu _case4Extended = null!;
    private byte[] _bitGroup = null!;

    [GlobalSetup]
    public void Setup()
    {
        _case4Extended = new CommandApdu(0x00, 0xDA, 0x01, 0x02, new byte[1024], 65_536);
        using var writer = new BerTlvWriter();
        using (writer.PushConstructed(0x7F61))
        {
            writer.Write(0x02, 0x02);
            for (var finger = 0; finger < 2; finger++)
            {
                using (writer.PushConstructed(0x7F60))
                {
                    using (writer.PushConstructed(0xA1))
                    {
                        writer.Write(0x81, 0x08);
                        writer.Write(0x82, (byte)(finger + 1));
                        writer.Write(0x87, [0x01, 0x01]);
                        writer.Write(0x88, [0x00, 0x07]);
                    }

                    using (writer.PushConstructed(0xB1))
                    {
                        writer.Write(0x81, [0x10, 0x3C]);
                        writer.Write(0x82, 0x01);
                    }
                }
            }
        }

        _bitGroup = writer.ToArray();
    }

    [Benchmark]
    public int EncodeCase4ExtendedIntoSpan()
    {
        _case4Extended.TryEncode(_destination, ApduLengthFormat.Auto, out var written);
        return written;
    }

    [Benchmark]
    public int DecodeResponse()
    {
        var response = ResponseApdu.Parse(_response);
        return response.StatusWord.Value + response.Data.Length;
    }

    [Benchmark]
    public int ParseNestedTlv()
    {
        var sum = 0;
        var group = new BerTlvReader(_bitGroup).Read().CreateReader();
        sum += group.ReadValue(0x02)[0];
        while (group.HasData)
        {
            var bit = group.Read().CreateReader();
            var header = bit.Read();
            if (BerTlvReader.TryFind(header.Value, 0x88, out var formatType))
            {
                sum += formatType[1];
            }

            sum += bit.ReadValue(0xB1).Length;
        }

        return sum;
    }
}
