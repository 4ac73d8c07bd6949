package com.actionbridge.channel.wecom;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;
import java.util.regex.Pattern;

/**
 * WeCom's domain verification files ({@code actionbridge.wecom.verify-files}): when an app's trusted domain is set,
 * WeCom asks for a file {@code WW_verify_<code>.txt} to be reachable at the domain's root. Each entry is served at
 * {@code /<name>} as plain text.
 *
 * @param verifyFiles the files; a name other than {@code WW_verify_<letters or digits>.txt}, a duplicate name or an
 *                    empty content stops start-up with the entry named
 */
@ConfigurationProperties("actionbridge.wecom")
public record WeComVerifyFileProperties(@DefaultValue List<VerifyFile> verifyFiles) {

    /** The only names served: WeCom's own pattern, nothing that could reach another path. */
    public static final Pattern NAME = Pattern.compile("WW_verify_[A-Za-z0-9]+\\.txt");
    static final int MAX_CONTENT = 1024;

    /**
     * @param name    the downloaded file's name, e.g. {@code WW_verify_AbC123.txt}
     * @param content the file's content, as downloaded
     */
    public record VerifyFile(String name, String content) {
    }

    public WeComVerifyFileProperties {
        verifyFiles = verifyFiles == null ? List.of() : List.copyOf(verifyFiles);
        for (int i = 0; i < verifyFiles.size(); i++) {
            VerifyFile file = verifyFiles.get(i);
            String key = "actionbridge.wecom.verify-files[" + i + "]";
            if (file.name() == null || !NAME.matcher(file.name()).matches()) {
                throw new IllegalArgumentException(key + ".name must be WW_verify_<letters or digits>.txt, not \""
                        + file.name() + "\"");
            }
            if (file.content() == null || file.content().isBlank() || file.content().length() > MAX_CONTENT) {
                throw new IllegalArgumentException(key + ".content must be the downloaded file's content (1 to "
                        + MAX_CONTENT + " characters)");
            }
            for (int j = 0; j < i; j++) {
                if (verifyFiles.get(j).name().equals(file.name())) {
                    throw new IllegalArgumentException(key + ".name " + file.name() + " is listed twice");
                }
            }
        }
    }
}
