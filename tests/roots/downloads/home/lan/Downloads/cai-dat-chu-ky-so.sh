#!/bin/sh
echo "cài đặt chữ ký số"
