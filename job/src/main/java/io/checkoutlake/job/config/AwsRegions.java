package io.checkoutlake.job.config;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The region every AWS tool uses when none is given: the SDK's default chain ({@code aws.region}
 * system property, {@code AWS_REGION}, the {@code ~/.aws} profile, then EC2 instance metadata
 * unless {@code AWS_EC2_METADATA_DISABLED=true}).
 */
public final class AwsRegions {
    private AwsRegions() {}

    /** The chain's region, or empty when no provider in it knows one. */
    public static Optional<String> fromDefaultChain() {
        try {
            return Optional.of(new DefaultAwsRegionProviderChain().getRegion().id());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }
}
