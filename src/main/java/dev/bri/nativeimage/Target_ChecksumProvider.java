package dev.bri.nativeimage;

import com.oracle.svm.core.annotate.Alias;
import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * The AWS SDK picks CRT-backed checksums when the AWS CRT is on the class path; it is not, and its types cannot be
 * linked at build time in a native image. CRC32C falls back to the JDK's implementation (what the SDK itself does
 * without the CRT); the CRT-only xxHash family fails clearly.
 */
@TargetClass(className = "software.amazon.awssdk.checksums.internal.ChecksumProvider")
final class Target_ChecksumProvider {

    @Alias
    static native SdkChecksum createJavaCrc32C();

    @Substitute
    public static SdkChecksum crc32cImplementation() {
        return createJavaCrc32C();
    }

    @Substitute
    static SdkChecksum crtXxHash(ChecksumAlgorithm algorithm) {
        throw new UnsupportedOperationException(
                algorithm.algorithmId() + " checksums need the AWS CRT, which this image does not include");
    }
}
