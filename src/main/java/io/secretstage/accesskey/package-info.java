/**
 * Access keys, the credentials of Huawei's SDKs: their store, the API that manages them
 * (shaped as Huawei IAM's permanent access keys) and the verification of requests signed
 * with them ({@code SDK-HMAC-SHA256}).
 */
@NullMarked
package io.secretstage.accesskey;

import org.jspecify.annotations.NullMarked;
