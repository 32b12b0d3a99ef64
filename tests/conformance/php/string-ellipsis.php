<?php
function q($db, $sql, $id) {
    // ruleid: conformance.php.string-ellipsis
    mysqli_query($db, "SELECT * FROM users");
    // ruleid: conformance.php.string-ellipsis
    mysqli_query($db, 'DELETE FROM t');
    // ok: conformance.php.string-ellipsis
    mysqli_query($db, $sql);
    // ok: conformance.php.string-ellipsis
    mysqli_query($db, "SELECT * FROM t WHERE id = " . $id);
}
