<?php

use Illuminate\Http\Request;

const DEBUG = false;
const BASE = "/srv/uploads/";

function direct()
{
    // ruleid: php.path-traversal.file-taint
    readfile(BASE . $_GET['file']);
}

function includePage()
{
    $page = $_GET['page'];
    // ruleid: php.path-traversal.file-taint
    include "pages/" . $page . ".php";
}

function requireOnce()
{
    // ruleid: php.path-traversal.file-taint
    require_once $_POST['module'];
}

function laravel(Request $request)
{
    $name = $request->input('name');
    $path = sprintf("%s/%s", BASE, $name);
    // ruleid: php.path-traversal.file-taint
    return file_get_contents($path);
}

class Upload
{
    public $dest;
    public $src = "/tmp/upload.bin";
}

function throughObject()
{
    $u = new Upload();
    $u->dest = $_POST['dest'];
    // ruleid: php.path-traversal.file-taint
    copy($u->src, $u->dest);
    // ok: php.path-traversal.file-taint
    copy($u->src, "/srv/archive/upload.bin");
}

function throughArray()
{
    $paths = [];
    $paths[] = $_COOKIE['last'];
    // ruleid: php.path-traversal.file-taint
    unlink($paths[0]);
}

function cli()
{
    global $argv;
    $dir = $argv[1];
    // ok: php.path-traversal.file-taint
    file_put_contents($dir . "/out.txt", "x");
}

function sanitized()
{
    $name = basename($_GET['file']);
    // ok: php.path-traversal.file-taint
    readfile(BASE . $name);
}

function deadBranch()
{
    $name = "index.html";
    if (DEBUG) {
        $name = $_GET['file'];
    }
    // todook: php.path-traversal.file-taint
    readfile(BASE . $name);
}

function overwritten()
{
    $name = $_GET['file'];
    $name = "index.html";
    // ok: php.path-traversal.file-taint
    readfile(BASE . $name);
}

function under($dir, $file)
{
    return $dir . "/" . $file;
}

function throughHelper()
{
    $p = under(BASE, $_REQUEST['f']);
    // ruleid: php.path-traversal.file-taint
    $fh = fopen($p, "r");
}

function load($file)
{
    // ruleid: php.path-traversal.file-taint
    return file_get_contents($file);
}

function callsSink()
{
    return load(BASE . $_GET['doc']);
}

function descend($dir, $depth)
{
    if ($depth === 0) {
        // ok: php.path-traversal.file-taint
        return mkdir($dir);
    }
    return descend($dir . "/sub", $depth - 1);
}

function startsRecursion()
{
    descend(getenv('ROOT'), 2);
}

function deadBranchLiteral()
{
    $table = "users";
    if (false) {
        $table = $_GET['table'];
    }
    // ok: php.path-traversal.file-taint
    readfile(BASE . $table);
}
