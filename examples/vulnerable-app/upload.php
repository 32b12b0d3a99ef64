<?php
// Image thumbnailer for the demo shop (deliberately vulnerable).

function thumbnail() {
    // VULNERABLE: request data in a shell command
    system("convert " . $_GET['image'] . " -resize 100x100 thumb.png");
    // safe: argument quoted with escapeshellarg()
    system("convert " . escapeshellarg($_GET['image']) . " -resize 50x50 small.png");
}

function apply_filter() {
    // VULNERABLE: user-supplied code evaluated
    eval('$value = ' . $_POST['filter'] . ';');
    // safe: constant code
    eval('$zero = 0;');
    return $value;
}
