<?php // scripts/bench, php-session: a page guarded by PHP's own sessions
session_start();
if (!isset($_SESSION['user_id'])) { http_response_code(401); exit; }
header('Content-Type: application/json; charset=utf-8');
echo json_encode(['success' => true, 'code' => 'ok', 'data' => ['id' => $_SESSION['user_id'], 'email' => $_SESSION['email']]]);
