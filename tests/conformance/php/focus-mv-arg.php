<?php
function c($ch) {
    // ruleid: conformance.php.focus-mv-arg
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);
    // ok: conformance.php.focus-mv-arg
    curl_setopt(
        $ch,
        CURLOPT_SSL_VERIFYPEER,
        // ruleid: conformance.php.focus-mv-arg
        0
    );
    // ok: conformance.php.focus-mv-arg
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);
}
