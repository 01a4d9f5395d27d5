package org.urja.protocol.jdlms;

import java.util.ArrayList;
import java.util.List;
import org.openmuc.jdlms.datatypes.BitString;
import org.openmuc.jdlms.datatypes.CosemDate;
import org.openmuc.jdlms.datatypes.CosemDateFormat;
import org.openmuc.jdlms.datatypes.CosemDateTime;
import org.openmuc.jdlms.datatypes.CosemTime;
import org.openmuc.jdlms.datatypes.DataObject;
import org.urja.protocol.axdr.AxdrException;
import org.urja.protocol.axdr.DataType;
import org.urja.protocol.axdr.DlmsData;

/** Converts between Urja's {@link DlmsData} and jDLMS's {@link DataObject}, type for type. */
public final class JdlmsData {
  private JdlmsData() {}

  public static DataObject toJdlms(DlmsData d) {
    if (d instanceof DlmsData.Null) {
      return DataObject.newNullData();
    }
    if (d instanceof DlmsData.Bool b) {
      return DataObject.newBoolData(b.value());
    }
    if (d instanceof DlmsData.Int i) {
      long v = i.value();
      return switch (i.type()) {
        case INTEGER -> DataObject.newInteger8Data((byte) v);
        case UNSIGNED -> DataObject.newUInteger8Data((short) v);
        case BCD -> DataObject.newBcdData((byte) v);
        case ENUM -> DataObject.newEnumerateData((int) v);
        case LONG -> DataObject.newInteger16Data((short) v);
        case LONG_UNSIGNED -> DataObject.newUInteger16Data((int) v);
        case DOUBLE_LONG -> DataObject.newInteger32Data((int) v);
        case DOUBLE_LONG_UNSIGNED -> DataObject.newUInteger32Data(v);
        case LONG64 -> DataObject.newInteger64Data(v);
        default -> DataObject.newUInteger64Data(v);
      };
    }
    if (d instanceof DlmsData.Float32 f) {
      return DataObject.newFloat32Data(f.value());
    }
    if (d instanceof DlmsData.Float64 f) {
      return DataObject.newFloat64Data(f.value());
    }
    if (d instanceof DlmsData.Octets o) {
      return switch (o.type()) {
        case DATE_TIME -> DataObject.newDateTimeData(CosemDateTime.decode(o.value()));
        case DATE -> DataObject.newDateData(CosemDate.decode(o.value()));
        case TIME -> DataObject.newTimeData(CosemTime.decode(o.value()));
        default -> DataObject.newOctetStringData(o.value());
      };
    }
    if (d instanceof DlmsData.Text t) {
      byte[] b = t.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return t.type() == DataType.UTF8_STRING
          ? DataObject.newUtf8StringData(b)
          : DataObject.newVisibleStringData(b);
    }
    if (d instanceof DlmsData.BitString b) {
      return DataObject.newBitStringData(new BitString(b.bits(), b.bitCount()));
    }
    DlmsData.Composite c = (DlmsData.Composite) d;
    List<DataObject> items = new ArrayList<>(c.size());
    for (DlmsData item : c.items()) {
      items.add(toJdlms(item));
    }
    return c.type() == DataType.ARRAY
        ? DataObject.newArrayData(items)
        : DataObject.newStructureData(items);
  }

  public static DlmsData fromJdlms(DataObject o) {
    switch (o.getType()) {
      case NULL_DATA:
        return DlmsData.Null.INSTANCE;
      case DONT_CARE:
        return new DlmsData.Null(DataType.DONT_CARE);
      case BOOLEAN:
        return DlmsData.bool(o.<Boolean>getValue());
      case INTEGER:
        return integer(DataType.INTEGER, o);
      case UNSIGNED:
        return integer(DataType.UNSIGNED, o);
      case BCD:
        return integer(DataType.BCD, o);
      case ENUMERATE:
        return integer(DataType.ENUM, o);
      case LONG_INTEGER:
        return integer(DataType.LONG, o);
      case LONG_UNSIGNED:
        return integer(DataType.LONG_UNSIGNED, o);
      case DOUBLE_LONG:
        return integer(DataType.DOUBLE_LONG, o);
      case DOUBLE_LONG_UNSIGNED:
        return integer(DataType.DOUBLE_LONG_UNSIGNED, o);
      case LONG64:
        return integer(DataType.LONG64, o);
      case LONG64_UNSIGNED:
        return integer(DataType.LONG64_UNSIGNED, o);
      case FLOAT32:
        return new DlmsData.Float32(o.<Float>getValue());
      case FLOAT64:
        return new DlmsData.Float64(o.<Double>getValue());
      case OCTET_STRING:
        return DlmsData.octets(o.<byte[]>getValue());
      case VISIBLE_STRING:
        return new DlmsData.Text(
            DataType.VISIBLE_STRING,
            new String(o.<byte[]>getValue(), java.nio.charset.StandardCharsets.US_ASCII));
      case UTF8_STRING:
        return new DlmsData.Text(
            DataType.UTF8_STRING,
            new String(o.<byte[]>getValue(), java.nio.charset.StandardCharsets.UTF_8));
      case BIT_STRING:
        {
          BitString b = o.getValue();
          return new DlmsData.BitString(b.getBitString(), b.getNumBits());
        }
      case DATE_TIME:
        return new DlmsData.Octets(DataType.DATE_TIME, o.<CosemDateFormat>getValue().encode());
      case DATE:
        return new DlmsData.Octets(DataType.DATE, o.<CosemDateFormat>getValue().encode());
      case TIME:
        return new DlmsData.Octets(DataType.TIME, o.<CosemDateFormat>getValue().encode());
      case ARRAY:
      case STRUCTURE:
        {
          List<DataObject> items = o.getValue();
          List<DlmsData> out = new ArrayList<>(items.size());
          for (DataObject item : items) {
            out.add(fromJdlms(item));
          }
          return new DlmsData.Composite(
              o.getType() == DataObject.Type.ARRAY ? DataType.ARRAY : DataType.STRUCTURE, out);
        }
      default:
        throw new AxdrException("jDLMS data type " + o.getType() + " is not converted");
    }
  }

  private static DlmsData integer(DataType t, DataObject o) {
    return new DlmsData.Int(t, o.<Number>getValue().longValue());
  }
}
