package dev.bri.nativeimage;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * The AWS SDK's CRC64NVME checksum is backed by the AWS CRT, which is not on the class path: in a native image the
 * type it refers to cannot be linked at build time. The offsite replicator asks only for SHA-256, so this algorithm
 * fails clearly if anything ever asks for it.
 */
@TargetClass(className = "software.amazon.awssdk.checksums.internal.Crc64NvmeChecksum")
final class Target_Crc64NvmeChecksum {

    @Substitute
    Target_Crc64NvmeChecksum() {
        throw new UnsupportedOperationException(
                "CRC64NVME checksums need the AWS CRT, which this image does not include");
    }
}
