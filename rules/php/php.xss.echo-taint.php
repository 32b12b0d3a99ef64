<?php

use Illuminate\Http\Request;

const DEBUG = false;

function direct()
{
    // ruleid: php.xss.echo-taint
    echo "<h1>Hello " . $_GET['name'] . "</h1>";
}

function throughVariables()
{
    $q = $_POST['q'];
    $html = "<p>Results for " . $q . "</p>";
    // ruleid: php.xss.echo-taint
    print $html;
}

function formatted()
{
    $user = $_COOKIE['user'];
    // ruleid: php.xss.echo-taint
    printf("<span>%s</span>", $user);
}

function laravel(Request $request)
{
    $msg = $request->input('msg');
    // ruleid: php.xss.echo-taint
    return response("<div>" . $msg . "</div>");
}

class Page
{
    public $bio;
    public $title = "Profile";
}

function throughObject()
{
    $p = new Page();
    $p->bio = $_REQUEST['bio'];
    // ruleid: php.xss.echo-taint
    echo "<div>" . $p->bio . "</div>";
    // ok: php.xss.echo-taint
    echo "<title>" . $p->title . "</title>";
}

function throughArray()
{
    $items = [];
    $items[] = $_GET['item'];
    // ruleid: php.xss.echo-taint
    echo "<ul><li>" . implode("</li><li>", $items) . "</li></ul>";
}

function escaped()
{
    $name = htmlspecialchars($_GET['name'], ENT_QUOTES, 'UTF-8');
    // ok: php.xss.echo-taint
    echo "<h1>" . $name . "</h1>";
}

function json()
{
    $out = json_encode(['name' => $_GET['name']]);
    // ok: php.xss.echo-taint
    echo $out;
}

function deadBranch()
{
    $msg = "hi";
    if (false) {
        $msg = $_GET['msg'];
    }
    // ok: php.xss.echo-taint
    echo $msg;
}

function overwritten()
{
    $msg = $_GET['msg'];
    $msg = "hi";
    // ok: php.xss.echo-taint
    echo $msg;
}

function bold($s)
{
    return "<b>" . $s . "</b>";
}

function throughHelper()
{
    $b = bold($_SERVER['HTTP_USER_AGENT']);
    // ruleid: php.xss.echo-taint
    echo $b;
}

function render($fragment)
{
    // ruleid: php.xss.echo-taint
    echo "<html>" . $fragment . "</html>";
}

function callsSink()
{
    render($_GET['frag']);
}
